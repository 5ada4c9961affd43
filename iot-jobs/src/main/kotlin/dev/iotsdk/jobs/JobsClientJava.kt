@file:OptIn(InternalIotSdkApi::class)

package dev.iotsdk.jobs

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.java.JavaView
import dev.iotsdk.model.jobs.DescribeJobExecutionResponse
import dev.iotsdk.model.jobs.GetPendingJobExecutionsResponse
import dev.iotsdk.model.jobs.JobExecution
import dev.iotsdk.model.jobs.JobExecutionsChangedEvent
import dev.iotsdk.model.jobs.JobStatus
import dev.iotsdk.model.jobs.NextJobExecutionChangedEvent
import dev.iotsdk.model.jobs.StartNextJobExecutionResponse
import dev.iotsdk.model.jobs.UpdateJobExecutionRequest
import dev.iotsdk.model.jobs.UpdateJobExecutionResponse
import kotlinx.coroutines.Job
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.launch
import kotlinx.coroutines.runInterruptible
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executor
import java.util.function.Consumer

/**
 * The Java view of a [JobsClient] (from [JobsClient.asJava]): `CompletableFuture`s for the requests, `Consumer`
 * callbacks for the notification streams, and the [JobRunner] with a blocking handler.
 *
 * ```java
 * JobsClientJava jobs = new JobsClient(mqtt, "sensor-1").asJava(executor);
 * AutoCloseable runner = jobs.startJobRunner(job -> {
 *     Config config = mapper.readValue(job.getDocumentJson(), Config.class); // Jackson, Gson, …
 *     job.reportProgress(Map.of("step", "downloaded")).join();
 *     apply(config);
 *     return new JobOutcome.Succeeded();
 * });
 * ```
 *
 * Job documents in the responses ([JobExecution.jobDocument]) are kotlinx `JsonObject`s: `java.util.Map`s whose
 * `toString()` is the document's JSON text (`String.valueOf(execution.getJobDocument())`).
 *
 * Threading: futures complete on SDK threads; callbacks and handlers run on the executor given to
 * [JobsClient.asJava] (without one, daemon threads named `iotsdk-callbacks-<n>` of the view's own, one per stream
 * calling back at once). [close] stops streams and runners, cancels pending futures, stops those threads and closes the
 * [JobsClient].
 */
public class JobsClientJava internal constructor(
    /** The Kotlin client behind this view. */
    public val client: JobsClient,
    executor: Executor?,
) : AutoCloseable {
    private val view = JavaView("iotsdk-jobs-java-view", executor)

    /** See [JobsClient.getPendingJobExecutions]. */
    public fun getPendingJobExecutions(): CompletableFuture<GetPendingJobExecutionsResponse> =
        view.future { client.getPendingJobExecutions() }

    /** See [JobsClient.startNextPendingJobExecution]; both arguments may be `null`. */
    public fun startNextPendingJobExecution(
        statusDetails: Map<String, String>?,
        stepTimeoutInMinutes: Long?,
    ): CompletableFuture<StartNextJobExecutionResponse> =
        view.future { client.startNextPendingJobExecution(statusDetails, stepTimeoutInMinutes) }

    /** See [JobsClient.startNextPendingJobExecution]. */
    public fun startNextPendingJobExecution(): CompletableFuture<StartNextJobExecutionResponse> =
        startNextPendingJobExecution(null, null)

    /** See [JobsClient.describeJobExecution]; [jobId] may be [JobsClient.NEXT], the other arguments `null`. */
    public fun describeJobExecution(
        jobId: String,
        executionNumber: Long?,
        includeJobDocument: Boolean?,
    ): CompletableFuture<DescribeJobExecutionResponse> =
        view.future { client.describeJobExecution(jobId, executionNumber, includeJobDocument) }

    /** See [JobsClient.describeJobExecution]. */
    public fun describeJobExecution(jobId: String): CompletableFuture<DescribeJobExecutionResponse> =
        describeJobExecution(jobId, null, null)

    /** See [JobsClient.updateJobExecution]; [statusDetails] and [expectedVersion] may be `null`. */
    public fun updateJobExecution(
        jobId: String,
        status: JobStatus,
        statusDetails: Map<String, String>?,
        expectedVersion: Long?,
    ): CompletableFuture<UpdateJobExecutionResponse> =
        view.future { client.updateJobExecution(jobId, status, statusDetails, expectedVersion) }

    /** See [JobsClient.updateJobExecution], with every field of [request] (its `clientToken` is replaced). */
    public fun updateJobExecution(
        jobId: String,
        request: UpdateJobExecutionRequest,
    ): CompletableFuture<UpdateJobExecutionResponse> = view.future {
        client.updateJobExecution(
            jobId,
            request.status,
            request.statusDetails,
            request.expectedVersion,
            request.executionNumber,
            request.includeJobExecutionState,
            request.includeJobDocument,
            request.stepTimeoutInMinutes,
        )
    }

    /** `notify-next` messages to [consumer] on the executor until the result is closed. */
    public fun onNextJobExecutionChanged(consumer: Consumer<NextJobExecutionChangedEvent>): AutoCloseable =
        onNextJobExecutionChanged(consumer, null)

    /** [onNextJobExecutionChanged]; [onError] gets a failure of the stream and exceptions thrown by [consumer]. */
    public fun onNextJobExecutionChanged(
        consumer: Consumer<NextJobExecutionChangedEvent>,
        onError: Consumer<Throwable>?,
    ): AutoCloseable = view.collect(client.nextJobExecutionChanged(), consumer, onError)

    /**
     * Every `notify-next` event to [consumer] on the executor until the result is closed: the messages
     * ([JobsStreamEvent.Message]) and the subscription's status ([JobsStreamEvent.Subscribed] once it is in place,
     * `SubscriptionLost`, `Resubscribed`, `Malformed`, `Halted`); see [JobsClient.nextJobExecutionChangedEvents].
     */
    public fun onNextJobExecutionChangedEvent(
        consumer: Consumer<JobsStreamEvent<NextJobExecutionChangedEvent>>,
        onError: Consumer<Throwable>?,
    ): AutoCloseable = view.collect(client.nextJobExecutionChangedEvents(), consumer, onError)

    /** `notify` messages to [consumer] on the executor until the result is closed. */
    public fun onJobExecutionsChanged(consumer: Consumer<JobExecutionsChangedEvent>): AutoCloseable =
        onJobExecutionsChanged(consumer, null)

    /** [onJobExecutionsChanged]; [onError] gets a failure of the stream and exceptions thrown by [consumer]. */
    public fun onJobExecutionsChanged(
        consumer: Consumer<JobExecutionsChangedEvent>,
        onError: Consumer<Throwable>?,
    ): AutoCloseable = view.collect(client.jobExecutionsChanged(), consumer, onError)

    /** Every `notify` event with the subscription's status, as [onNextJobExecutionChangedEvent]. */
    public fun onJobExecutionsChangedEvent(
        consumer: Consumer<JobsStreamEvent<JobExecutionsChangedEvent>>,
        onError: Consumer<Throwable>?,
    ): AutoCloseable = view.collect(client.jobExecutionsChangedEvents(), consumer, onError)

    /**
     * Starts a [JobRunner] whose handler is [handler], run on the executor (interrupted when its job is canceled
     * remotely); [events] (may be `null`) receives the runner's events there. Closing the result stops the runner.
     */
    @JvmOverloads
    public fun startJobRunner(
        handler: JobHandlerJava,
        options: JobRunnerOptions = JobRunnerOptions(),
        events: Consumer<JobRunnerEvent>? = null,
    ): AutoCloseable {
        val runner = JobRunner(client, options) { job ->
            val context = JobContextJava(job, currentCoroutineContext()[Job], view)
            runInterruptible(view.callbackDispatcher) { handler.handle(context) }
        }
        val eventSubscription = events?.let { view.collect(runner.events, it, null) }
        val job = view.scope.launch { runner.run() }
        return AutoCloseable {
            job.cancel()
            eventSubscription?.close()
        }
    }

    /**
     * Stops streams and runners, cancels pending futures (they complete with `CancellationException`), stops the view's
     * own callback threads (an executor given to [JobsClient.asJava] is left running) and closes the client. Idempotent.
     */
    override fun close() {
        try {
            view.close()
        } finally {
            client.close()
        }
    }

    override fun toString(): String = "JobsClientJava(${client.thingName})"
}
