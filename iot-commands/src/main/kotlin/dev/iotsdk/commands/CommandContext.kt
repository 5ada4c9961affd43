package dev.iotsdk.commands

import dev.iotsdk.model.commands.CommandExecutionResult
import dev.iotsdk.model.commands.StatusReason

/**
 * What a [CommandHandler] gets: the [event] (payload, content type, timeout) and a way to report progress.
 *
 * ```kotlin
 * CommandHandler { execution ->
 *     val request = Json.decodeFromString<Reboot>(execution.event.payloadAsString())
 *     execution.reportProgress(StatusReason("STARTED"))
 *     CommandOutcome.succeeded()
 * }
 * ```
 */
public interface CommandContext {
    /** The execution as delivered. */
    public val event: CommandExecutionEvent

    /** The execution id. */
    public val executionId: String get() = event.executionId

    /**
     * Reports IN_PROGRESS with [statusReason] and [result] (both optional) and waits for the service's answer.
     * @throws CommandsRejectedException when the service refuses it (for example the execution already ended).
     */
    public suspend fun reportProgress(
        statusReason: StatusReason? = null,
        result: Map<String, CommandExecutionResult>? = null,
    )
}
