package dev.iotsdk.model.jobs

import kotlinx.serialization.KSerializer
import kotlinx.serialization.Serializable
import kotlinx.serialization.descriptors.PrimitiveKind
import kotlinx.serialization.descriptors.PrimitiveSerialDescriptor
import kotlinx.serialization.descriptors.SerialDescriptor
import kotlinx.serialization.encoding.Decoder
import kotlinx.serialization.encoding.Encoder

/**
 * The status of a job execution (spec/jobs.md §4–5). A value class over the wire string, not an enum, so a status
 * AWS adds later is kept as it was sent ([isKnown] is `false` for it) instead of failing the whole message.
 *
 * ```kotlin
 * when (execution.status) {
 *     JobStatus.QUEUED, JobStatus.IN_PROGRESS -> run(execution)
 *     else -> if (execution.status?.isTerminal == true) forget(execution)
 * }
 * ```
 */
@Serializable(with = JobStatusSerializer::class)
public class JobStatus private constructor(
    /** The status exactly as on the wire, such as `IN_PROGRESS`. */
    public val value: String,
) {
    /** Whether this is one of the eight documented statuses. */
    public val isKnown: Boolean get() = KNOWN.containsKey(value)

    /** Whether no further update is possible (SUCCEEDED, FAILED, TIMED_OUT, REJECTED, REMOVED, CANCELED). */
    public val isTerminal: Boolean get() = isKnown && this != QUEUED && this != IN_PROGRESS

    /** Whether a device may set this status with UpdateJobExecution (IN_PROGRESS, SUCCEEDED, FAILED, REJECTED). */
    public val isDeviceSettable: Boolean get() = this == IN_PROGRESS ||
        this == SUCCEEDED ||
        this == FAILED ||
        this == REJECTED

    override fun equals(other: Any?): Boolean = other is JobStatus && other.value == value

    override fun hashCode(): Int = value.hashCode()

    override fun toString(): String = value

    /** The documented statuses. */
    public companion object {
        /** Waiting for the device to start it. */
        @JvmField public val QUEUED: JobStatus = JobStatus("QUEUED")

        /** Started by the device. */
        @JvmField public val IN_PROGRESS: JobStatus = JobStatus("IN_PROGRESS")

        /** Finished successfully (terminal). */
        @JvmField public val SUCCEEDED: JobStatus = JobStatus("SUCCEEDED")

        /** Finished with a failure (terminal; may be retried by the job's retry configuration). */
        @JvmField public val FAILED: JobStatus = JobStatus("FAILED")

        /** A step or in-progress timer expired (terminal; may be retried). */
        @JvmField public val TIMED_OUT: JobStatus = JobStatus("TIMED_OUT")

        /** The device refused the job (terminal). */
        @JvmField public val REJECTED: JobStatus = JobStatus("REJECTED")

        /** The thing is no longer a target of the job (terminal). */
        @JvmField public val REMOVED: JobStatus = JobStatus("REMOVED")

        /** The job or execution was canceled (terminal). */
        @JvmField public val CANCELED: JobStatus = JobStatus("CANCELED")

        private val KNOWN: Map<String, JobStatus> = listOf(
            QUEUED,
            IN_PROGRESS,
            SUCCEEDED,
            FAILED,
            TIMED_OUT,
            REJECTED,
            REMOVED,
            CANCELED,
        )
            .associateBy { it.value }

        /** The documented statuses, in lifecycle order. */
        @JvmStatic
        public val entries: List<JobStatus> get() = KNOWN.values.toList()

        /** The status for [value]: one of the constants, or an unknown status kept as sent. */
        @JvmStatic
        public fun of(value: String): JobStatus = KNOWN[value] ?: JobStatus(value)
    }
}

internal object JobStatusSerializer : KSerializer<JobStatus> {
    override val descriptor: SerialDescriptor =
        PrimitiveSerialDescriptor("dev.iotsdk.model.jobs.JobStatus", PrimitiveKind.STRING)

    override fun serialize(encoder: Encoder, value: JobStatus): Unit = encoder.encodeString(value.value)

    override fun deserialize(decoder: Decoder): JobStatus = JobStatus.of(decoder.decodeString())
}
