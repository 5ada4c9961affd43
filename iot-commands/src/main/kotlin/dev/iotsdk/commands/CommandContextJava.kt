@file:OptIn(InternalIotSdkApi::class)

package dev.iotsdk.commands

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.java.JavaView
import dev.iotsdk.model.commands.CommandExecutionResult
import dev.iotsdk.model.commands.StatusReason
import kotlinx.coroutines.Job
import java.util.concurrent.CompletableFuture

/**
 * What a [CommandHandlerJava] gets: the execution ([event]), progress reports as futures the (blocking) handler may
 * `join()`, and [isCancelled] to tell a long handler to stop.
 *
 * ```java
 * AutoCloseable runner = commands.startCommandRunner(execution -> {
 *     execution.reportProgress(new StatusReason("STARTED", null), null).join();
 *     return CommandOutcome.succeeded();
 * });
 * ```
 *
 * Valid while the handler runs; do not keep it afterwards.
 */
public class CommandContextJava internal constructor(
    private val context: CommandContext,
    private val handlerJob: Job?,
    private val view: JavaView,
) {
    /** The Kotlin context behind this view. */
    public fun asKotlin(): CommandContext = context

    /** The execution as delivered. */
    public val event: CommandExecutionEvent get() = context.event

    /** The execution id. */
    public val executionId: String get() = context.executionId

    /**
     * `true` once the execution timed out or the runner is stopping: the handler should return soon (its result is
     * then ignored). The handler's thread is also interrupted at that moment.
     */
    public val isCancelled: Boolean get() = handlerJob?.isCancelled == true

    /** Reports IN_PROGRESS (see [CommandContext.reportProgress]); both arguments may be `null`. */
    public fun reportProgress(
        statusReason: StatusReason?,
        result: Map<String, CommandExecutionResult>?,
    ): CompletableFuture<Void?> = view.future {
        context.reportProgress(statusReason, result)
        null
    }

    override fun toString(): String = "CommandContextJava($executionId)"
}
