package dev.iotsdk.model.jobs

import kotlinx.serialization.KSerializer
import kotlinx.serialization.Serializable
import kotlinx.serialization.descriptors.PrimitiveKind
import kotlinx.serialization.descriptors.PrimitiveSerialDescriptor
import kotlinx.serialization.descriptors.SerialDescriptor
import kotlinx.serialization.encoding.Decoder
import kotlinx.serialization.encoding.Encoder

/**
 * The `code` of a jobs error response (spec/jobs.md §6), a string such as `VersionMismatch`. Like [JobStatus] it keeps
 * codes AWS adds later as sent ([isKnown] is `false`).
 */
@Serializable(with = JobsErrorCodeSerializer::class)
public class JobsErrorCode private constructor(
    /** The code exactly as on the wire. */
    public val value: String,
) {
    /** Whether this is one of the nine documented codes. */
    public val isKnown: Boolean get() = KNOWN.containsKey(value)

    /** Whether the same request may succeed later unchanged (throttling, internal errors). */
    public val isRetryable: Boolean get() = this == REQUEST_THROTTLED || this == INTERNAL_ERROR

    override fun equals(other: Any?): Boolean = other is JobsErrorCode && other.value == value

    override fun hashCode(): Int = value.hashCode()

    override fun toString(): String = value

    /** The documented codes. */
    public companion object {
        /** The request went to a jobs topic that maps to no API. */
        @JvmField public val INVALID_TOPIC: JobsErrorCode = JobsErrorCode("InvalidTopic")

        /** The request was not valid UTF-8 JSON. */
        @JvmField public val INVALID_JSON: JobsErrorCode = JobsErrorCode("InvalidJson")

        /** The request's contents were invalid (for example bad status details); the message says what. */
        @JvmField public val INVALID_REQUEST: JobsErrorCode = JobsErrorCode("InvalidRequest")

        /** The execution's current state does not allow the requested status; the error carries the state. */
        @JvmField public val INVALID_STATE_TRANSITION: JobsErrorCode = JobsErrorCode("InvalidStateTransition")

        /** The job execution named by the topic does not exist. */
        @JvmField public val RESOURCE_NOT_FOUND: JobsErrorCode = JobsErrorCode("ResourceNotFound")

        /** The expected version did not match; the error carries the current state. */
        @JvmField public val VERSION_MISMATCH: JobsErrorCode = JobsErrorCode("VersionMismatch")

        /** The service failed internally. */
        @JvmField public val INTERNAL_ERROR: JobsErrorCode = JobsErrorCode("InternalError")

        /** The request was throttled. */
        @JvmField public val REQUEST_THROTTLED: JobsErrorCode = JobsErrorCode("RequestThrottled")

        /** The job execution is in a terminal state. */
        @JvmField public val TERMINAL_STATE_REACHED: JobsErrorCode = JobsErrorCode("TerminalStateReached")

        private val KNOWN: Map<String, JobsErrorCode> = listOf(
            INVALID_TOPIC, INVALID_JSON, INVALID_REQUEST, INVALID_STATE_TRANSITION, RESOURCE_NOT_FOUND,
            VERSION_MISMATCH, INTERNAL_ERROR, REQUEST_THROTTLED, TERMINAL_STATE_REACHED,
        ).associateBy { it.value }

        /** The documented codes. */
        @JvmStatic
        public val entries: List<JobsErrorCode> get() = KNOWN.values.toList()

        /** The code for [value]: one of the constants, or an unknown code kept as sent. */
        @JvmStatic
        public fun of(value: String): JobsErrorCode = KNOWN[value] ?: JobsErrorCode(value)
    }
}

internal object JobsErrorCodeSerializer : KSerializer<JobsErrorCode> {
    override val descriptor: SerialDescriptor =
        PrimitiveSerialDescriptor("dev.iotsdk.model.jobs.JobsErrorCode", PrimitiveKind.STRING)

    override fun serialize(encoder: Encoder, value: JobsErrorCode): Unit = encoder.encodeString(value.value)

    override fun deserialize(decoder: Decoder): JobsErrorCode = JobsErrorCode.of(decoder.decodeString())
}
