package dev.iotsdk.commands

import dev.iotsdk.model.commands.CommandExecutionResult
import dev.iotsdk.model.commands.CommandExecutionStatus
import dev.iotsdk.model.commands.StatusReason

/**
 * An UpdateCommandExecution request, as the AWS IoT Device SDK v2 names it (its device type and device id are the
 * client's, see [CommandsClient]): the [executionId] to update, the new [status], an optional [statusReason] and
 * [result] map (1–32 character names of `[a-zA-Z0-9_-]`; at least one entry when given).
 *
 * ```kotlin
 * commands.updateCommandExecution(
 *     UpdateCommandExecutionRequest(id, CommandExecutionStatus.SUCCEEDED, result = mapOf("ok" to CommandExecutionResult.ofBoolean(true))),
 * )
 * ```
 */
public class UpdateCommandExecutionRequest @JvmOverloads constructor(
    /** The execution. */
    public val executionId: String,
    /** The status to report. */
    public val status: CommandExecutionStatus,
    /** Why, if given. */
    public val statusReason: StatusReason? = null,
    /** The result values, if any. */
    public val result: Map<String, CommandExecutionResult>? = null,
) {
    override fun toString(): String =
        "UpdateCommandExecutionRequest($executionId, $status, $statusReason, ${result?.keys})"
}
