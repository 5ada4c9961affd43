package dev.iotsdk.commands

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.IotSdkException
import dev.iotsdk.common.Jitter
import dev.iotsdk.common.internal.Backoff
import dev.iotsdk.model.commands.CommandExecutionResult
import dev.iotsdk.model.commands.CommandExecutionStatus
import dev.iotsdk.model.commands.RejectedErrorCode
import dev.iotsdk.model.commands.StatusReason
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.channels.BufferOverflow
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.MutableSharedFlow
import kotlinx.coroutines.flow.SharedFlow
import kotlinx.coroutines.flow.asSharedFlow
import kotlinx.coroutines.flow.merge
import kotlinx.coroutines.launch
import kotlinx.coroutines.sync.Semaphore
import kotlinx.coroutines.withTimeoutOrNull
import kotlin.time.Duration.Companion.nanoseconds
import kotlin.time.Duration.Companion.seconds

/**
 * The loop the AWS SDKs leave to their users: it receives command executions (every payload format), runs [handler]
 * on each, and reports IN_PROGRESS and the final SUCCEEDED / FAILED / REJECTED status with the handler's reason and
 * result, until it is cancelled.
 *
 * - The execution's timeout (the MQTT 5 Message Expiry Interval, the seconds left when it arrived) is honoured: when
 *   it passes, the handler is cancelled and the runner reports TIMED_OUT (reason `DEVICE_TIMEOUT`), which makes the
 *   service's TIMED_OUT final.
 * - [CommandRunnerOptions.maxConcurrent] executions run at once (one by default, in arrival order); further ones wait
 *   without being read from the connection, and their timeouts keep running.
 * - A handler that throws reports FAILED with reason `HANDLER_FAILED` and the exception's class name (never its
 *   message, which may quote the payload).
 * - An execution delivered twice (QoS 1 redelivery) runs once.
 * - AWS's command request carries no command id, so choose the handler from the payload: [CommandHandlers.routed].
 *
 * ```kotlin
 * val runner = CommandRunner(CommandsClient(mqtt, DeviceType.THING, "sensor-1")) { execution ->
 *     execution.reportProgress(StatusReason("DOWNLOADING"))
 *     CommandOutcome.succeeded(mapOf("done" to CommandExecutionResult.ofBoolean(true)))
 * }
 * val running = runner.launchIn(scope)   // cancel it to stop
 * ```
 * From Java use [CommandsClientJava.startCommandRunner].
 *
 * Cancellation: cancelling [run] cancels running handlers and stops; their executions are left to time out.
 */
@OptIn(InternalIotSdkApi::class)
public class CommandRunner @JvmOverloads constructor(
    /** The commands client of the device. */
    public val client: CommandsClient,
    /** The settings. */
    public val options: CommandRunnerOptions = CommandRunnerOptions(),
    private val handler: CommandHandler,
) {
    private val eventFlow =
        MutableSharedFlow<CommandRunnerEvent>(extraBufferCapacity = 256, onBufferOverflow = BufferOverflow.DROP_OLDEST)

    /** What the runner does, as it happens. Hot, not replayed; a slow collector loses the oldest. */
    public val events: SharedFlow<CommandRunnerEvent> = eventFlow.asSharedFlow()

    /** Execution ids seen lately, so that a redelivered execution runs once. */
    private val seen = object : LinkedHashMap<String, Unit>() {
        override fun removeEldestEntry(eldest: MutableMap.MutableEntry<String, Unit>?): Boolean = size > MAX_SEEN
    }

    /** Runs the loop until the calling coroutine is cancelled. */
    public suspend fun run(): Nothing {
        coroutineScope {
            val slots = Semaphore(options.maxConcurrent)
            var subscribed = 0
            merge(
                client.createCommandExecutionsJsonPayloadStream(),
                client.createCommandExecutionsCborPayloadStream(),
                client.createCommandExecutionsGenericPayloadStream(),
            ).collect { event ->
                when (event) {
                    is CommandsStreamEvent.Execution -> if (seen.put(event.event.executionId, Unit) == null) {
                        slots.acquire()
                        launch {
                            try {
                                execute(event.event)
                            } finally {
                                slots.release()
                            }
                        }
                    }
                    is CommandsStreamEvent.Subscribed -> if (++subscribed == STREAMS) emit(CommandRunnerEvent.Ready)
                    is CommandsStreamEvent.Halted -> emit(CommandRunnerEvent.Error(event.cause))
                    else -> Unit
                }
            }
        }
        error("the command runner's streams ended")
    }

    /** Starts [run] in [scope]; cancel the returned job to stop. */
    public fun launchIn(scope: CoroutineScope): Job = scope.launch { run() }

    private suspend fun execute(event: CommandExecutionEvent) {
        val limit = event.timeout?.seconds ?: options.timeoutWithoutExpiry
        val left = limit?.let { it - (System.nanoTime() - event.receivedAtNanos).nanoseconds }
        if (left != null && !left.isPositive()) {
            report(event.executionId, timedOut())
            return
        }
        emit(CommandRunnerEvent.Started(event.executionId))
        if (options.reportInProgress && !progress(event.executionId, null, null)) return
        val outcome = if (left == null) runHandler(event) else withTimeoutOrNull(left) { runHandler(event) }
        report(event.executionId, outcome ?: timedOut())
    }

    private suspend fun runHandler(event: CommandExecutionEvent): CommandOutcome = try {
        handler.handle(Context(event))
    } catch (e: CancellationException) {
        throw e
    } catch (
        @Suppress("TooGenericExceptionCaught") e: Exception,
    ) {
        CommandOutcome.failed(StatusReason(HANDLER_FAILED, e::class.simpleName ?: "Exception"))
    }

    /** Reports IN_PROGRESS; `false` when the execution has ended on the service (nothing more to do). */
    private suspend fun progress(
        executionId: String,
        reason: StatusReason?,
        result: Map<String, CommandExecutionResult>?,
    ): Boolean = try {
        client.updateCommandExecution(executionId, CommandExecutionStatus.IN_PROGRESS, reason, result)
        true
    } catch (e: CommandsRejectedException) {
        if (e.code in ENDED) {
            emit(CommandRunnerEvent.Finished(executionId, CommandExecutionStatus.IN_PROGRESS, accepted = false))
            false
        } else {
            emit(CommandRunnerEvent.Error(e))
            true
        }
    } catch (e: IotSdkException) {
        emit(CommandRunnerEvent.Error(e))
        true
    }

    /** Reports the final status, retrying what may succeed later. */
    private suspend fun report(executionId: String, outcome: CommandOutcome) {
        val backoff = Backoff(options.retryDelay, options.maxRetryDelay, Jitter.NONE)
        repeat(options.maxReportAttempts) { attempt ->
            val failure: IotSdkException = try {
                client.updateCommandExecution(executionId, outcome.status, outcome.statusReason, outcome.result)
                emit(CommandRunnerEvent.Finished(executionId, outcome.status, accepted = true))
                return
            } catch (e: CommandsRejectedException) {
                if (e.code in ENDED) {
                    emit(CommandRunnerEvent.Finished(executionId, outcome.status, accepted = false))
                    return
                }
                e
            } catch (e: IotSdkException) {
                e
            }
            emit(CommandRunnerEvent.Error(failure))
            if (!failure.isRetryable || attempt == options.maxReportAttempts - 1) return
            delay(backoff.next())
        }
    }

    private inner class Context(override val event: CommandExecutionEvent) : CommandContext {
        override suspend fun reportProgress(statusReason: StatusReason?, result: Map<String, CommandExecutionResult>?) {
            client.updateCommandExecution(event.executionId, CommandExecutionStatus.IN_PROGRESS, statusReason, result)
        }
    }

    private fun emit(event: CommandRunnerEvent) {
        eventFlow.tryEmit(event)
    }

    override fun toString(): String = "CommandRunner(${client.deviceType.segment}/${client.deviceId})"

    private companion object {
        const val MAX_SEEN = 1024
        const val STREAMS = 3
        const val HANDLER_FAILED = "HANDLER_FAILED"
        val ENDED = setOf(
            RejectedErrorCode.TERMINAL_STATE_REACHED,
            RejectedErrorCode.INVALID_STATE_TRANSITION,
            RejectedErrorCode.RESOURCE_NOT_FOUND,
        )

        fun timedOut() = CommandOutcome(
            CommandExecutionStatus.TIMED_OUT,
            StatusReason("DEVICE_TIMEOUT", "the handler did not finish within the execution's timeout"),
            null,
        )
    }
}
