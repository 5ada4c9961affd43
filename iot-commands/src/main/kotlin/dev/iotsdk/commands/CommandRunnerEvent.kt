package dev.iotsdk.commands

import dev.iotsdk.model.commands.CommandExecutionStatus

/**
 * What a [CommandRunner] does, as it happens ([CommandRunner.events]).
 *
 * ```kotlin
 * runner.events.collect { if (it is CommandRunnerEvent.Finished) println("${it.executionId}: ${it.status}") }
 * ```
 */
public sealed class CommandRunnerEvent {
    /** The runner's subscriptions (JSON, CBOR and other payloads) are all in place: executions started now arrive. */
    public object Ready : CommandRunnerEvent() {
        override fun toString(): String = "Ready"
    }

    /** A handler started on an execution. */
    public class Started(
        /** The execution. */
        public val executionId: String,
    ) : CommandRunnerEvent() {
        override fun toString(): String = "Started($executionId)"
    }

    /** An execution's final status was reported (or the service already had one: [accepted] is `false`). */
    public class Finished(
        /** The execution. */
        public val executionId: String,
        /** The status the runner reported. */
        public val status: CommandExecutionStatus,
        /** Whether the service accepted it. */
        public val accepted: Boolean,
    ) : CommandRunnerEvent() {
        override fun toString(): String = "Finished($executionId, $status, accepted=$accepted)"
    }

    /** Something failed (a report that could not be sent, a subscription refused); the runner goes on. */
    public class Error(
        /** What failed. */
        public val cause: Throwable,
    ) : CommandRunnerEvent() {
        override fun toString(): String = "Error(${cause::class.simpleName}: ${cause.message})"
    }
}
