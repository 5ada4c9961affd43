package dev.iotsdk.commands

/**
 * A Java user's command handler for [CommandsClientJava.startCommandRunner], the Java form of [CommandHandler]: runs
 * on the view's executor and may block there. Throwing reports FAILED (reason `HANDLER_FAILED`). When the execution
 * times out (or the runner stops) the handler's thread is interrupted and [CommandContextJava.isCancelled] turns
 * `true`; what it returns then is ignored (the runner reports TIMED_OUT).
 *
 * ```java
 * CommandHandlerJava handler = execution -> CommandOutcome.succeeded();
 * ```
 */
public fun interface CommandHandlerJava {
    /** Runs [execution] and returns how it ended. */
    @Throws(Exception::class)
    public fun handle(execution: CommandContextJava): CommandOutcome
}
