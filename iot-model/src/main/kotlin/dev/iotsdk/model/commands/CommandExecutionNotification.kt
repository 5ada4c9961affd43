package dev.iotsdk.model.commands

import kotlinx.serialization.Serializable

/**
 * A message AWS IoT publishes on `$aws/events/commandExecution/<commandId>/<status>` when an execution changes status
 * (spec/commands.md §8), for applications that watch executions. [status] is the text AWS sends (`CREATED`,
 * `IN_PROGRESS`, `SUCCEEDED`, `FAILED`, `REJECTED`, `TIMED_OUT`); [timestamp] is in epoch milliseconds.
 *
 * ```kotlin
 * mqtt.subscribe("\$aws/events/commandExecution/+/#").collect {
 *     val event = IotJson.decodeFromString(CommandExecutionNotification.serializer(), it.payload.decodeToString())
 * }
 * ```
 */
@Serializable
public class CommandExecutionNotification(
    /** The execution. */
    public val executionId: String,
    /** Its new status. */
    public val status: String,
    /** Why, if available. */
    public val statusReason: StatusReason? = null,
    /** `COMMAND_EXECUTION`. */
    public val eventType: String? = null,
    /** The command's ARN. */
    public val commandArn: String? = null,
    /** The target's ARN (a thing or a client). */
    public val targetArn: String? = null,
    /** When, in epoch milliseconds. */
    public val timestamp: Long? = null,
) {
    override fun toString(): String = "CommandExecutionNotification($executionId, $status, $commandArn, $targetArn)"
}
