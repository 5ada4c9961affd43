package dev.iotsdk.emulator

/**
 * A snapshot of one job execution in the emulator's jobs service, returned by [IotEmulator.jobExecution] for tests
 * and samples. Times are seconds since the epoch, as the service sends them.
 */
public class JobExecutionInfo internal constructor(
    /** The job. */
    public val jobId: String,
    /** The thing it runs on. */
    public val thingName: String,
    /** The status: `QUEUED`, `IN_PROGRESS`, `SUCCEEDED`, `FAILED`, `REJECTED`, `CANCELED`, `TIMED_OUT` or `REMOVED`. */
    public val status: String,
    /** The status details the device reported last. */
    public val statusDetails: Map<String, String>,
    /** The version, incremented on every device update (starts at 1). */
    public val versionNumber: Long,
    /** The execution number. */
    public val executionNumber: Long,
    /** When it was queued. */
    public val queuedAt: Long,
    /** When the device started it, if it did. */
    public val startedAt: Long?,
    /** When it last changed. */
    public val lastUpdatedAt: Long,
) {
    override fun toString(): String =
        "JobExecutionInfo($jobId on $thingName: $status, version $versionNumber, details $statusDetails)"
}
