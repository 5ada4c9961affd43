package dev.iotsdk.jobs

/** What a [JobRunner] did, for logs, metrics and tests. */
public sealed class JobRunnerEvent {
    /** The runner started [jobId] (execution [executionNumber]) and handed it to the handler. */
    public class Started(
        /** The job. */
        public val jobId: String,
        /** The execution number. */
        public val executionNumber: Long?,
    ) : JobRunnerEvent() {
        override fun toString(): String = "Started($jobId)"
    }

    /** The final status of [jobId] was accepted by the service. */
    public class Finished(
        /** The job. */
        public val jobId: String,
        /** The outcome reported. */
        public val outcome: JobOutcome,
    ) : JobRunnerEvent() {
        override fun toString(): String = "Finished($jobId, $outcome)"
    }

    /** [jobId] was canceled, removed or timed out remotely while it ran; the handler was cancelled. */
    public class Canceled(
        /** The job. */
        public val jobId: String,
    ) : JobRunnerEvent() {
        override fun toString(): String = "Canceled($jobId)"
    }

    /** Something failed (a request, a malformed notification); the runner goes on and retries. */
    public class Error(
        /** What failed. */
        public val cause: Throwable,
    ) : JobRunnerEvent() {
        override fun toString(): String = "Error(${cause.message})"
    }
}
