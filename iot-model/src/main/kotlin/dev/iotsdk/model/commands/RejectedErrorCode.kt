package dev.iotsdk.model.commands

import kotlinx.serialization.KSerializer
import kotlinx.serialization.Serializable
import kotlinx.serialization.descriptors.PrimitiveKind
import kotlinx.serialization.descriptors.PrimitiveSerialDescriptor
import kotlinx.serialization.descriptors.SerialDescriptor
import kotlinx.serialization.encoding.Decoder
import kotlinx.serialization.encoding.Encoder

/**
 * The `error` of a commands rejection (spec/commands.md §7), a string such as `TerminalStateReached`: the nine codes of
 * the AWS SDKs' `RejectedErrorCode` plus `DataConflict`, which AWS documents but the SDKs lack. Codes AWS adds later
 * are kept as sent ([isKnown] is `false`).
 *
 * ```kotlin
 * if (e.code == RejectedErrorCode.DATA_CONFLICT) retryLater()
 * ```
 */
@Serializable(with = RejectedErrorCodeSerializer::class)
public class RejectedErrorCode private constructor(
    /** The code exactly as on the wire. */
    public val value: String,
) {
    /** Whether this is one of the documented codes. */
    public val isKnown: Boolean get() = KNOWN.containsKey(value)

    /** Whether the same request may succeed later unchanged (throttling, internal errors). */
    public val isRetryable: Boolean
        get() = this == REQUEST_THROTTLED || this == INTERNAL_ERROR || this == DATA_CONFLICT

    override fun equals(other: Any?): Boolean = other is RejectedErrorCode && other.value == value

    override fun hashCode(): Int = value.hashCode()

    override fun toString(): String = value

    /** The documented codes. */
    public companion object {
        /** The request went to a commands topic that maps to no API. */
        @JvmField public val INVALID_TOPIC: RejectedErrorCode = RejectedErrorCode("InvalidTopic")

        /** The request was not valid UTF-8 JSON. */
        @JvmField public val INVALID_JSON: RejectedErrorCode = RejectedErrorCode("InvalidJson")

        /** The request's contents were invalid (status, reason or result); the message says what. */
        @JvmField public val INVALID_REQUEST: RejectedErrorCode = RejectedErrorCode("InvalidRequest")

        /** The execution's current state does not allow the requested status. */
        @JvmField public val INVALID_STATE_TRANSITION: RejectedErrorCode = RejectedErrorCode("InvalidStateTransition")

        /** The execution named by the topic does not exist (for this device). */
        @JvmField public val RESOURCE_NOT_FOUND: RejectedErrorCode = RejectedErrorCode("ResourceNotFound")

        /** A version did not match. */
        @JvmField public val VERSION_MISMATCH: RejectedErrorCode = RejectedErrorCode("VersionMismatch")

        /** The service failed internally. */
        @JvmField public val INTERNAL_ERROR: RejectedErrorCode = RejectedErrorCode("InternalError")

        /** The request was throttled. */
        @JvmField public val REQUEST_THROTTLED: RejectedErrorCode = RejectedErrorCode("RequestThrottled")

        /** The execution has already ended (SUCCEEDED, FAILED, REJECTED or a device-reported TIMED_OUT). */
        @JvmField public val TERMINAL_STATE_REACHED: RejectedErrorCode = RejectedErrorCode("TerminalStateReached")

        /** The execution was changed concurrently; wait for each answer and retry with backoff. */
        @JvmField public val DATA_CONFLICT: RejectedErrorCode = RejectedErrorCode("DataConflict")

        private val KNOWN: Map<String, RejectedErrorCode> = listOf(
            INVALID_TOPIC, INVALID_JSON, INVALID_REQUEST, INVALID_STATE_TRANSITION, RESOURCE_NOT_FOUND,
            VERSION_MISMATCH, INTERNAL_ERROR, REQUEST_THROTTLED, TERMINAL_STATE_REACHED, DATA_CONFLICT,
        ).associateBy { it.value }

        /** The documented codes. */
        @JvmStatic
        public val entries: List<RejectedErrorCode> get() = KNOWN.values.toList()

        /** The code for [value]: one of the constants, or an unknown code kept as sent. */
        @JvmStatic
        public fun of(value: String): RejectedErrorCode = KNOWN[value] ?: RejectedErrorCode(value)
    }
}

internal object RejectedErrorCodeSerializer : KSerializer<RejectedErrorCode> {
    override val descriptor: SerialDescriptor =
        PrimitiveSerialDescriptor("dev.iotsdk.model.commands.RejectedErrorCode", PrimitiveKind.STRING)

    override fun serialize(encoder: Encoder, value: RejectedErrorCode): Unit = encoder.encodeString(value.value)

    override fun deserialize(decoder: Decoder): RejectedErrorCode = RejectedErrorCode.of(decoder.decodeString())
}
