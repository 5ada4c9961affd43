package dev.iotsdk.commands

import dev.iotsdk.model.commands.StatusReason

/**
 * Handlers that choose another handler per command. AWS's command request carries the payload, its content type and
 * a timeout, but not the command's id, so a device tells its commands apart by their payloads (a JSON field, the
 * content type, …): [routed] takes that choice as a function.
 *
 * ```kotlin
 * val handler = CommandHandlers.routed(
 *     { it.contentType },   // or a field of the JSON payload
 *     mapOf("application/x-reboot" to rebootHandler, "application/json" to configHandler),
 * )
 * ```
 */
public object CommandHandlers {
    /**
     * A handler that runs `handlers[key(event)]`; an execution whose key is `null` or has no handler is REJECTED with
     * reason `UNKNOWN_COMMAND`.
     */
    @JvmStatic
    public fun routed(key: (CommandExecutionEvent) -> String?, handlers: Map<String, CommandHandler>): CommandHandler {
        val copy = handlers.toMap()
        return CommandHandler { execution ->
            val handler = key(execution.event)?.let { copy[it] }
            handler?.handle(execution)
                ?: CommandOutcome.rejected(StatusReason(UNKNOWN_COMMAND, "no handler for this command"))
        }
    }

    /** The reason code of executions [routed] finds no handler for. */
    public const val UNKNOWN_COMMAND: String = "UNKNOWN_COMMAND"
}
