package dev.iotsdk.commands

import dev.iotsdk.common.IotServiceException
import dev.iotsdk.model.commands.RejectedErrorCode

/**
 * AWS IoT Commands answered an UpdateCommandExecution on its `…/response/rejected/json` topic (spec/commands.md §7).
 * [code] is the typed error code, [serviceMessage] the service's text, [executionId] the execution.
 *
 * ```kotlin
 * try {
 *     commands.updateCommandExecution(id, CommandExecutionStatus.SUCCEEDED)
 * } catch (e: CommandsRejectedException) {
 *     if (e.code == RejectedErrorCode.TERMINAL_STATE_REACHED) println("already finished")
 * }
 * ```
 */
public class CommandsRejectedException(
    /** The error code. */
    public val code: RejectedErrorCode,
    /** The service's message. */
    public val serviceMessage: String?,
    /** The execution the update was for. */
    public val executionId: String?,
    /** The topic the rejection arrived on. */
    public val topic: String,
) : IotServiceException(
    "AWS IoT Commands rejected the update on '$topic': ${code.value}" + hint(code),
    errorCode = code.value,
    isRetryable = code.isRetryable,
)

private fun hint(code: RejectedErrorCode): String = when (code) {
    RejectedErrorCode.TERMINAL_STATE_REACHED, RejectedErrorCode.INVALID_STATE_TRANSITION ->
        "; the execution has already ended (see serviceMessage)"
    RejectedErrorCode.RESOURCE_NOT_FOUND -> "; check the execution id, the device type and the device id"
    RejectedErrorCode.DATA_CONFLICT -> "; wait for each answer before the next update and retry with backoff"
    RejectedErrorCode.REQUEST_THROTTLED -> "; slow down and retry"
    RejectedErrorCode.INVALID_REQUEST -> "; check the status, the status reason and the result (see serviceMessage)"
    else -> ""
}
