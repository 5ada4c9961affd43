package dev.iotsdk.model.commands

import kotlinx.serialization.Serializable

/**
 * The JSON a device publishes to `…/executions/<id>/response/json` (spec/commands.md §4): the [status], an optional
 * [statusReason] and an optional [result] map (names 1–32 `[a-zA-Z0-9_-]`, at least one entry when present). The
 * device type, device id and execution id travel in the topic.
 *
 * ```kotlin
 * IotJson.encodeToString(UpdateCommandExecutionBody.serializer(), UpdateCommandExecutionBody(CommandExecutionStatus.SUCCEEDED))
 * ```
 */
@Serializable
public class UpdateCommandExecutionBody(
    /** The status reported. */
    public val status: CommandExecutionStatus,
    /** Why, if given. */
    public val statusReason: StatusReason? = null,
    /** The result values, if any. */
    public val result: Map<String, CommandExecutionResult>? = null,
) {
    override fun toString(): String = "UpdateCommandExecutionBody($status, $statusReason, ${result?.keys})"
}
