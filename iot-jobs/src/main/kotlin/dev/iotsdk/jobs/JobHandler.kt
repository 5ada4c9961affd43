package dev.iotsdk.jobs

import dev.iotsdk.model.IotJson
import dev.iotsdk.model.jobs.JobExecution
import kotlinx.serialization.DeserializationStrategy
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.serializer

/**
 * The user's work for one job execution, run by [JobRunner]: return a [JobOutcome], or throw to fail the execution
 * (the exception's class and message go into the status details). It is cancelled when the job is canceled or
 * removed remotely, or when the runner stops.
 */
public fun interface JobHandler {
    /** Runs the job described by [job]. */
    public suspend fun handle(job: JobContext): JobOutcome
}

/** What a [JobHandler] gets: the execution, its document, and a way to report progress. */
public interface JobContext {
    /** The execution as start-next returned it (status IN_PROGRESS). */
    public val execution: JobExecution

    /** The job id. */
    public val jobId: String get() = execution.jobId

    /** The job document (an empty object if the job has none). */
    public val document: JsonObject get() = execution.jobDocument ?: JsonObject(emptyMap())

    /**
     * Reports progress: updates the execution (still IN_PROGRESS) with [statusDetails], and resets the step timer to
     * [stepTimeoutInMinutes] when given. A version mismatch is resolved by the runner.
     * @throws JobsRejectedException with InvalidStateTransition when the execution was canceled meanwhile (the
     * runner then cancels the handler).
     */
    public suspend fun reportProgress(statusDetails: Map<String, String>, stepTimeoutInMinutes: Long? = null)
}

/** Decodes the job document into [T] with [IotJson]. */
public inline fun <reified T> JobContext.decodeDocument(): T = decodeDocument(serializer<T>())

/** Decodes the job document with [deserializer]. */
public fun <T> JobContext.decodeDocument(deserializer: DeserializationStrategy<T>): T =
    IotJson.decodeFromJsonElement(deserializer, document)

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
