package dev.iotsdk.commands

/**
 * Runs one command execution for a [CommandRunner] and says how it ended. It is cancelled when the execution times out
 * (the runner then reports TIMED_OUT) or the runner stops; throwing reports FAILED with the exception's class name.
 *
 * ```kotlin
 * val reboot = CommandHandler { execution ->
 *     execution.reportProgress(StatusReason("REBOOTING"))
 *     reboot()
 *     CommandOutcome.succeeded()
 * }
 * ```
 */
public fun interface CommandHandler {
    /** Runs [execution] and returns its outcome. */
    public suspend fun handle(execution: CommandContext): CommandOutcome
}
