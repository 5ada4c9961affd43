package dev.iotsdk.jobs

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.IotSdkException
import dev.iotsdk.common.Jitter
import dev.iotsdk.common.internal.Backoff
import dev.iotsdk.model.jobs.JobExecution
import dev.iotsdk.model.jobs.JobStatus
import dev.iotsdk.model.jobs.JobsErrorCode
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.Job
import kotlinx.coroutines.async
import kotlinx.coroutines.channels.BufferOverflow
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.delay
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.flow.MutableSharedFlow
import kotlinx.coroutines.flow.SharedFlow
import kotlinx.coroutines.flow.asSharedFlow
import kotlinx.coroutines.launch
import kotlinx.coroutines.supervisorScope

/**
 * The loop every jobs sample writes by hand: it subscribes to `notify-next`, starts the next pending execution,
 * hands it to [handler], and reports IN_PROGRESS progress and the final SUCCEEDED / FAILED / REJECTED status, then
 * takes the next one, until it is cancelled.
 *
 * - One execution at a time, in the service's order; work queued while offline is picked up when the subscription
 *   is (re-)established.
 * - A handler that throws fails the execution with `{"reason": "<exception class>: <message>"}`.
 * - A job canceled or removed remotely while it runs cancels the handler ([JobRunnerEvent.Canceled]).
 * - A version mismatch is resolved with the version the service reports; a final status that could not be reported
 *   (connection lost) is retried, and the handler is not run again for that execution.
 *
 * ```kotlin
 * val runner = JobRunner(JobsClient(mqtt, "sensor-1")) { job ->
 *     val update = job.decodeDocument<ConfigUpdate>()
 *     job.reportProgress(mapOf("step" to "applying"))
 *     apply(update)
 *     JobOutcome.Succeeded(mapOf("applied" to update.version))
 * }
 * val running = scope.launch { runner.run() }   // cancel it to stop
 * ```
 * From Java use [JobsClientJava.startJobRunner].
 *
 * Cancellation: cancelling [run] cancels a running handler and stops; the execution stays IN_PROGRESS on the
 * service (it is picked up again, handler and all, by the next runner).
 */
@OptIn(InternalIotSdkApi::class)
public class JobRunner @JvmOverloads constructor(
    /** The jobs client of the thing. */
    public val client: JobsClient,
    /** The settings. */
    public val options: JobRunnerOptions = JobRunnerOptions(),
    private val handler: JobHandler,
) {
    private val eventFlow =
        MutableSharedFlow<JobRunnerEvent>(extraBufferCapacity = 256, onBufferOverflow = BufferOverflow.DROP_OLDEST)

    /** What the runner does, as it happens. Hot, not replayed; a slow collector loses the oldest. */
    public val events: SharedFlow<JobRunnerEvent> = eventFlow.asSharedFlow()

    @Volatile
    private var running: Running? = null

    /** Outcomes the handler produced whose final status is not reported yet, by job id and execution number. */
    private val unreported = HashMap<Pair<String, Long?>, JobOutcome>()

    private class Running(val jobId: String, val work: Deferred<JobOutcome>) {
        @Volatile
        var canceledRemotely = false
    }

    /** Runs the loop until the calling coroutine is cancelled. */
    public suspend fun run(): Nothing {
        loop()
        throw IllegalStateException("the job runner loop ended")
    }

    private suspend fun loop(): Unit = coroutineScope {
        val wake = Channel<Unit>(Channel.CONFLATED)
        launch {
            client.nextJobExecutionChangedEvents().collect { event ->
                when (event) {
                    is JobsStreamEvent.Message -> {
                        wake.trySend(Unit)
                        val current = running
                        if (current != null &&
                            event.value.execution?.jobId != current.jobId
                        ) {
                            launch { checkStillPending(current) }
                        }
                    }
                    is JobsStreamEvent.Subscribed, is JobsStreamEvent.Resubscribed -> wake.trySend(Unit)
                    is JobsStreamEvent.Malformed -> emit(JobRunnerEvent.Error(event.error))
                    is JobsStreamEvent.Halted -> emit(JobRunnerEvent.Error(event.cause))
                    is JobsStreamEvent.SubscriptionLost -> Unit
                }
            }
        }
        while (true) {
            wake.receive()
            if (!drain()) {
                launch {
                    delay(options.maxRetryDelay)
                    wake.trySend(Unit)
                }
            }
        }
    }

    /** Starts [run] in [scope]; cancel the returned job to stop. */
    public fun launchIn(scope: CoroutineScope): Job = scope.launch { run() }

    /** Runs executions until none is pending; `false` when it gave up for now after errors. */
    private suspend fun drain(): Boolean {
        val backoff = backoff()
        while (true) {
            val execution = try {
                client.startNextPendingJobExecution(stepTimeoutInMinutes = options.stepTimeoutInMinutes).execution
            } catch (e: CancellationException) {
                throw e
            } catch (e: Exception) {
                emit(JobRunnerEvent.Error(e))
                if (backoff.attempt >= MAX_ATTEMPTS) return false
                delay(backoff.next())
                continue
            }
            backoff.reset()
            if (execution == null) return true
            if (!process(execution)) return false
        }
    }

    /** Runs (or finishes reporting) one execution; `false` when its final status could not be reported. */
    private suspend fun process(execution: JobExecution): Boolean {
        val key = execution.jobId to execution.executionNumber
        val context = Context(execution)
        val outcome = unreported[key] ?: runHandler(context) ?: return true
        unreported[key] = outcome
        val reported = report(context, outcome)
        if (reported) unreported.remove(key)
        return reported
    }

    private suspend fun runHandler(context: Context): JobOutcome? {
        emit(JobRunnerEvent.Started(context.jobId, context.execution.executionNumber))
        return supervisorScope {
            val work = async { handler.handle(context) }
            val current = Running(context.jobId, work)
            context.running = current
            running = current
            try {
                work.await()
            } catch (e: CancellationException) {
                currentCoroutineContext().ensureActive()
                if (current.canceledRemotely) null else failed(e)
            } catch (e: JobsRejectedException) {
                if (current.canceledRemotely ||
                    e.code == JobsErrorCode.INVALID_STATE_TRANSITION ||
                    e.code == JobsErrorCode.RESOURCE_NOT_FOUND
                ) {
                    null
                } else {
                    failed(e)
                }
            } catch (e: Exception) {
                failed(e)
            } finally {
                running = null
            }
        }.also { if (it == null) emit(JobRunnerEvent.Canceled(context.jobId)) }
    }

    /** Reports the final status; `true` when the execution is settled (reported, or ended remotely). */
    private suspend fun report(context: Context, outcome: JobOutcome): Boolean {
        val status = when (outcome) {
            is JobOutcome.Succeeded -> JobStatus.SUCCEEDED
            is JobOutcome.Failed -> JobStatus.FAILED
            is JobOutcome.Rejected -> JobStatus.REJECTED
        }
        var details = outcome.statusDetails.mapValues { sanitize(it.value) }.takeIf { it.isNotEmpty() }
        val backoff = backoff()
        while (true) {
            val failure: Exception = try {
                client.updateJobExecution(
                    context.jobId,
                    status,
                    details,
                    expectedVersion = context.version,
                    executionNumber = context.execution.executionNumber,
                )
                emit(JobRunnerEvent.Finished(context.jobId, outcome))
                return true
            } catch (e: CancellationException) {
                throw e
            } catch (e: JobsRejectedException) {
                val state = e.executionState
                when {
                    e.code == JobsErrorCode.VERSION_MISMATCH &&
                        state?.versionNumber != null &&
                        state.status?.isTerminal != true -> {
                        context.version = state.versionNumber
                        continue
                    }
                    e.code == JobsErrorCode.INVALID_STATE_TRANSITION || e.code == JobsErrorCode.VERSION_MISMATCH -> {
                        // already terminal: our own earlier report (answer lost) or a remote cancel
                        emit(
                            if (state?.status ==
                                status
                            ) {
                                JobRunnerEvent.Finished(context.jobId, outcome)
                            } else {
                                JobRunnerEvent.Canceled(context.jobId)
                            },
                        )
                        return true
                    }
                    e.code == JobsErrorCode.RESOURCE_NOT_FOUND -> {
                        emit(JobRunnerEvent.Canceled(context.jobId))
                        return true
                    }
                    e.code == JobsErrorCode.INVALID_REQUEST && details != null -> {
                        details = null
                        e
                    }
                    !e.isRetryable -> {
                        emit(JobRunnerEvent.Error(e))
                        return false
                    }
                    else -> e
                }
            } catch (e: IotSdkException) {
                if (!e.isRetryable) {
                    emit(JobRunnerEvent.Error(e))
                    return false
                }
                e
            }
            emit(JobRunnerEvent.Error(failure))
            delay(backoff.next())
        }
    }

    private suspend fun checkStillPending(current: Running) {
        val ended = try {
            val execution = client.describeJobExecution(current.jobId, includeJobDocument = false).execution
            execution?.status?.isTerminal == true
        } catch (e: CancellationException) {
            throw e
        } catch (e: JobsRejectedException) {
            e.code == JobsErrorCode.TERMINAL_STATE_REACHED || e.code == JobsErrorCode.RESOURCE_NOT_FOUND
        } catch (e: Exception) {
            emit(JobRunnerEvent.Error(e))
            false
        }
        if (ended && running === current) {
            current.canceledRemotely = true
            current.work.cancel(CancellationException("job ${current.jobId} was canceled or removed remotely"))
        }
    }

    private inner class Context(override val execution: JobExecution) : JobContext {
        @Volatile
        var version: Long? = execution.versionNumber

        @Volatile
        var running: Running? = null

        override suspend fun reportProgress(statusDetails: Map<String, String>, stepTimeoutInMinutes: Long?) {
            repeat(2) {
                try {
                    client.updateJobExecution(
                        jobId,
                        JobStatus.IN_PROGRESS,
                        statusDetails.mapValues { sanitize(it.value) },
                        expectedVersion = version,
                        executionNumber = execution.executionNumber,
                        stepTimeoutInMinutes = stepTimeoutInMinutes,
                    )
                    version = version?.plus(1)
                    return
                } catch (e: JobsRejectedException) {
                    val state = e.executionState
                    if (e.code == JobsErrorCode.VERSION_MISMATCH &&
                        state?.versionNumber != null &&
                        state.status?.isTerminal != true
                    ) {
                        version = state.versionNumber
                    } else {
                        if (e.code == JobsErrorCode.INVALID_STATE_TRANSITION ||
                            e.code == JobsErrorCode.RESOURCE_NOT_FOUND
                        ) {
                            running?.canceledRemotely = true
                        }
                        throw e
                    }
                } catch (e: IotSdkException) {
                    if (!e.isRetryable) throw e
                    emit(JobRunnerEvent.Error(e))
                    return
                }
            }
        }
    }

    private fun failed(e: Throwable): JobOutcome = JobOutcome.Failed(
        mapOf(
            "reason" to sanitize("${e::class.simpleName ?: "Exception"}: ${e.message ?: "no message"}"),
        ),
    )

    private fun emit(event: JobRunnerEvent) {
        eventFlow.tryEmit(event)
    }

    /** A retry loop's delays: [JobRunnerOptions.retryDelay], doubled per failure up to the maximum, no jitter. */
    private fun backoff() = Backoff(options.retryDelay, options.maxRetryDelay, Jitter.NONE)

    override fun toString(): String = "JobRunner(${client.thingName})"

    private companion object {
        const val MAX_ATTEMPTS = 5
        const val MAX_DETAILS_VALUE = 1024

        /** Status detail values: 1–1024 characters without control characters (spec/jobs.md §4). */
        fun sanitize(value: String): String {
            val cleaned = value.map {
                if (Character.isISOControl(it)) ' ' else it
            }.joinToString("").take(MAX_DETAILS_VALUE)
            return cleaned.ifEmpty { "-" }
        }
    }
}
