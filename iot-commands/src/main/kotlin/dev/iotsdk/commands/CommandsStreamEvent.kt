package dev.iotsdk.commands

/**
 * What a command execution stream ([CommandsClient.createCommandExecutionsJsonPayloadStream] and its siblings)
 * reports: executions, and the state of its subscription across reconnects.
 *
 * ```kotlin
 * commands.createCommandExecutionsJsonPayloadStream().collect { if (it is CommandsStreamEvent.Execution) run(it.event) }
 * ```
 */
public sealed class CommandsStreamEvent {
    /** An execution arrived. */
    public class Execution(
        /** The execution. */
        public val event: CommandExecutionEvent,
    ) : CommandsStreamEvent() {
        override fun toString(): String = "Execution($event)"
    }

    /** The subscription is in place (first SUBACK, or restored after a reconnect). */
    public object Subscribed : CommandsStreamEvent() {
        override fun toString(): String = "Subscribed"
    }

    /** The connection was lost; the subscription is restored when it comes back. */
    public object SubscriptionLost : CommandsStreamEvent() {
        override fun toString(): String = "SubscriptionLost"
    }

    /**
     * Reconnected without a session and subscribed again: executions sent meanwhile were lost with the session (AWS
     * keeps them for a persistent session only, spec/commands.md §3).
     */
    public object Resubscribed : CommandsStreamEvent() {
        override fun toString(): String = "Resubscribed"
    }

    /** The subscription failed for good (for example refused by the policy); the stream ends after this. */
    public class Halted(
        /** Why. */
        public val cause: Throwable,
    ) : CommandsStreamEvent() {
        override fun toString(): String = "Halted(${cause.message})"
    }
}
