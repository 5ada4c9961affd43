package dev.iotsdk.jobs

import dev.iotsdk.model.jobs.JobExecution
import kotlinx.serialization.json.JsonObject

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
