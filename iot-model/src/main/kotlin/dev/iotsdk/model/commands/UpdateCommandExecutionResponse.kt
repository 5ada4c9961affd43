package dev.iotsdk.model.commands

import kotlinx.serialization.Serializable

/**
 * The service's answer on `…/response/accepted/json`: `{"executionId": "<id>"}` (spec/commands.md §4).
 *
 * ```kotlin
 * val accepted: UpdateCommandExecutionResponse = commands.updateCommandExecution(id, CommandExecutionStatus.SUCCEEDED)
 * ```
 */
@Serializable
public class UpdateCommandExecutionResponse(
    /** The execution updated. */
    public val executionId: String? = null,
) {
    override fun toString(): String = "UpdateCommandExecutionResponse($executionId)"
}
