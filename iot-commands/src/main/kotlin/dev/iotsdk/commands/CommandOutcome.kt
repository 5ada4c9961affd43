package dev.iotsdk.commands

import dev.iotsdk.model.commands.CommandExecutionResult
import dev.iotsdk.model.commands.CommandExecutionStatus
import dev.iotsdk.model.commands.StatusReason

/**
 * How a [CommandHandler] ended an execution: the final [status] (SUCCEEDED, FAILED or REJECTED) with an optional
 * [statusReason] and [result] map that the [CommandRunner] reports.
 *
 * ```kotlin
 * CommandOutcome.succeeded(mapOf("battery" to CommandExecutionResult.ofString("80 %")))
 * CommandOutcome.rejected(StatusReason("UNSUPPORTED", "this device has no fan"))
 * ```
 */
public class CommandOutcome internal constructor(
    /** The final status. */
    public val status: CommandExecutionStatus,
    /** Why, if given. */
    public val statusReason: StatusReason?,
    /** The result values, if any. */
    public val result: Map<String, CommandExecutionResult>?,
) {
    override fun toString(): String = "CommandOutcome($status, $statusReason, ${result?.keys})"

    /** The outcomes a handler may return. */
    public companion object {
        /** SUCCEEDED, with optional result values and reason. */
        @JvmStatic
        @JvmOverloads
        public fun succeeded(
            result: Map<String, CommandExecutionResult>? = null,
            statusReason: StatusReason? = null,
        ): CommandOutcome = CommandOutcome(CommandExecutionStatus.SUCCEEDED, statusReason, result)

        /** FAILED: the device tried and could not. */
        @JvmStatic
        @JvmOverloads
        public fun failed(
            statusReason: StatusReason?,
            result: Map<String, CommandExecutionResult>? = null,
        ): CommandOutcome = CommandOutcome(CommandExecutionStatus.FAILED, statusReason, result)

        /** REJECTED: the device will not run this command (unknown, invalid payload, not now). */
        @JvmStatic
        @JvmOverloads
        public fun rejected(
            statusReason: StatusReason?,
            result: Map<String, CommandExecutionResult>? = null,
        ): CommandOutcome = CommandOutcome(CommandExecutionStatus.REJECTED, statusReason, result)
    }
}
