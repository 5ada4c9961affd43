package dev.iotsdk.model.commands

import kotlinx.serialization.Serializable

/**
 * A status a device reports for a command execution (spec/commands.md §5). IN_PROGRESS may be reported any number of
 * times; SUCCEEDED, FAILED and REJECTED end the execution; TIMED_OUT reported by the device ends it too (the
 * service's own TIMED_OUT does not).
 *
 * ```kotlin
 * commands.updateCommandExecution(executionId, CommandExecutionStatus.SUCCEEDED)
 * ```
 */
@Serializable
public enum class CommandExecutionStatus {
    /** The device is working on it. */
    IN_PROGRESS,

    /** Done. */
    SUCCEEDED,

    /** The device tried and failed. */
    FAILED,

    /** The device refused the command (for example an invalid payload). */
    REJECTED,

    /** The device gave up waiting or working. */
    TIMED_OUT,
    ;

    /** Whether the service takes no further update after this status reported by a device. */
    public val isTerminal: Boolean get() = this != IN_PROGRESS
}
