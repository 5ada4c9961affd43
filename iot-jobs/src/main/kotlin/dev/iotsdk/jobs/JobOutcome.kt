package dev.iotsdk.jobs

/** How a job execution ended, as a [JobHandler] reports it. */
public sealed class JobOutcome {
    /** The status details to report with the final status. */
    public abstract val statusDetails: Map<String, String>

    /** The job succeeded. */
    public class Succeeded @JvmOverloads constructor(override val statusDetails: Map<String, String> = emptyMap()) :
        JobOutcome() {
        override fun toString(): String = "Succeeded($statusDetails)"
    }

    /** The job failed (it may be retried by the job's retry configuration). */
    public class Failed @JvmOverloads constructor(override val statusDetails: Map<String, String> = emptyMap()) :
        JobOutcome() {
        override fun toString(): String = "Failed($statusDetails)"
    }

    /** The device refuses the job (it is not retried). */
    public class Rejected @JvmOverloads constructor(override val statusDetails: Map<String, String> = emptyMap()) :
        JobOutcome() {
        override fun toString(): String = "Rejected($statusDetails)"
    }
}
