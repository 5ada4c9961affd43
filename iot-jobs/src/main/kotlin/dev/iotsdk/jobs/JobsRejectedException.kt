package dev.iotsdk.jobs

import dev.iotsdk.common.IotServiceException
import dev.iotsdk.model.jobs.JobExecutionState
import dev.iotsdk.model.jobs.JobsErrorCode

/**
 * AWS IoT Jobs answered a request on its `…/rejected` topic. [code] is the typed error code; [executionState] is the
 * execution's current state for [JobsErrorCode.VERSION_MISMATCH] and [JobsErrorCode.INVALID_STATE_TRANSITION];
 * [requestId] is the request's client token.
 *
 * ```kotlin
 * try {
 *     jobs.updateJobExecution("job-1", JobStatus.SUCCEEDED, expectedVersion = 2)
 * } catch (e: JobsRejectedException) {
 *     if (e.code == JobsErrorCode.VERSION_MISMATCH) retryWith(e.executionState?.versionNumber)
 * }
 * ```
 */
public class JobsRejectedException(
    /** The error code. */
    public val code: JobsErrorCode,
    /** The service's message. */
    public val serviceMessage: String?,
    /** The execution's state, where the service sent it. */
    public val executionState: JobExecutionState?,
    /** The client token of the rejected request. */
    clientToken: String?,
    /** The topic the rejection arrived on. */
    public val topic: String,
) : IotServiceException(
    "AWS IoT Jobs rejected the request on '$topic': ${code.value}" + (serviceMessage?.let { " ($it)" } ?: "") +
        hint(code),
    errorCode = code.value,
    requestId = clientToken,
    isRetryable = code.isRetryable,
)

private fun hint(code: JobsErrorCode): String = when (code) {
    JobsErrorCode.VERSION_MISMATCH ->
        "; describe the execution (or use executionState) and retry with its " +
            "current version"
    JobsErrorCode.INVALID_STATE_TRANSITION ->
        "; the execution has reached a terminal state (finished, canceled " +
            "or timed out)"
    JobsErrorCode.RESOURCE_NOT_FOUND -> "; check the job id and the thing name"
    JobsErrorCode.REQUEST_THROTTLED -> "; slow down and retry"
    else -> ""
}
