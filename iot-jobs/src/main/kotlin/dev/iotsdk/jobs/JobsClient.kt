package dev.iotsdk.jobs

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.internal.DecodeFailures
import dev.iotsdk.common.internal.IotName
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.MalformedResponseException
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.internal.requestresponse.RequestOperation
import dev.iotsdk.core.internal.requestresponse.RequestResponseClient
import dev.iotsdk.core.internal.requestresponse.RequestResponseOptions
import dev.iotsdk.core.internal.requestresponse.ResponsePath
import dev.iotsdk.core.internal.requestresponse.StreamEventNames
import dev.iotsdk.core.internal.requestresponse.streamEvents
import dev.iotsdk.jobs.internal.JobsRejections
import dev.iotsdk.model.IotJson
import dev.iotsdk.model.jobs.DescribeJobExecutionRequest
import dev.iotsdk.model.jobs.DescribeJobExecutionResponse
import dev.iotsdk.model.jobs.GetPendingJobExecutionsRequest
import dev.iotsdk.model.jobs.GetPendingJobExecutionsResponse
import dev.iotsdk.model.jobs.JobExecutionsChangedEvent
import dev.iotsdk.model.jobs.JobStatus
import dev.iotsdk.model.jobs.NextJobExecutionChangedEvent
import dev.iotsdk.model.jobs.StartNextJobExecutionResponse
import dev.iotsdk.model.jobs.StartNextPendingJobExecutionRequest
import dev.iotsdk.model.jobs.UpdateJobExecutionRequest
import dev.iotsdk.model.jobs.UpdateJobExecutionResponse
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.mapNotNull
import kotlinx.serialization.KSerializer
import kotlinx.serialization.SerializationException
import java.util.concurrent.Executor

/**
 * The device side of AWS IoT Jobs over MQTT for one thing: every API of the v1 SDK's `AWSIoTMQTTThingJobsClient` and
 * the v2 SDKs' jobs clients, as suspend functions with deadlines and typed rejections ([JobsRejectedException]), and
 * the `notify` / `notify-next` streams as flows that survive reconnects. For the whole "take the next job, run it,
 * report the outcome" loop use [JobRunner].
 *
 * Kotlin:
 * ```kotlin
 * val jobs = JobsClient(mqtt, "sensor-1")
 * val next = jobs.startNextPendingJobExecution(stepTimeoutInMinutes = 10).execution
 * if (next != null) jobs.updateJobExecution(next.jobId, JobStatus.SUCCEEDED, expectedVersion = next.versionNumber)
 * ```
 * Java:
 * ```java
 * JobsClientJava jobs = new JobsClient(mqtt, "sensor-1", new JobsClientOptions()).asJava(executor);
 * GetPendingJobExecutionsResponse pending = jobs.getPendingJobExecutions().get();
 * ```
 *
 * Threading: every function may be called from any thread. Cancellation: cancelling a call stops waiting for the
 * answer; a request already published cannot be recalled. [close] ends the streams and fails pending calls; it does
 * not close [mqtt].
 */
@OptIn(InternalIotSdkApi::class)
public class JobsClient @JvmOverloads constructor(
    /** The MQTT connection (connected by the caller). */
    public val mqtt: IotMqttClient,
    /** The thing whose jobs this client handles. */
    public val thingName: String,
    /** The settings. */
    public val options: JobsClientOptions = JobsClientOptions(),
) : AutoCloseable {
    init {
        IotName.THING.requireValid(thingName)
    }

    private val rr = RequestResponseClient(
        mqtt,
        RequestResponseOptions(defaultTimeout = options.requestTimeout, rejectionMapper = JobsRejections),
    )
    private val prefix = "\$aws/things/$thingName/jobs"

    /**
     * GetPendingJobExecutions: the executions of this thing that are IN_PROGRESS or QUEUED.
     * @throws JobsRejectedException when the service rejects the request.
     * @throws dev.iotsdk.core.OperationTimeoutException when no answer arrives within the deadline.
     */
    public suspend fun getPendingJobExecutions(): GetPendingJobExecutionsResponse =
        call("get", GetPendingJobExecutionsResponse.serializer()) {
            IotJson.encodeToString(GetPendingJobExecutionsRequest.serializer(), GetPendingJobExecutionsRequest(it))
        }

    /**
     * StartNextPendingJobExecution: returns the next pending execution with its document, moving it from QUEUED to
     * IN_PROGRESS (setting [statusDetails]) when it was queued; the response has no execution when nothing is pending.
     * [stepTimeoutInMinutes] (1–10080) starts a step timer.
     * @throws JobsRejectedException when the service rejects the request.
     */
    public suspend fun startNextPendingJobExecution(
        statusDetails: Map<String, String>? = null,
        stepTimeoutInMinutes: Long? = null,
    ): StartNextJobExecutionResponse = call("start-next", StartNextJobExecutionResponse.serializer()) {
        IotJson.encodeToString(
            StartNextPendingJobExecutionRequest.serializer(),
            StartNextPendingJobExecutionRequest(statusDetails, stepTimeoutInMinutes, it),
        )
    }

    /**
     * DescribeJobExecution of [jobId] (or [NEXT] for the next pending one); [executionNumber] picks an execution (the
     * latest by default), [includeJobDocument] (service default `true`) whether the document is returned.
     * @throws JobsRejectedException with [dev.iotsdk.model.jobs.JobsErrorCode.RESOURCE_NOT_FOUND] when there is no
     * such execution.
     */
    public suspend fun describeJobExecution(
        jobId: String,
        executionNumber: Long? = null,
        includeJobDocument: Boolean? = null,
    ): DescribeJobExecutionResponse {
        require(jobId == NEXT || IotName.JOB_ID.isValid(jobId)) { "${IotName.JOB_ID.invalidReason(jobId)}, or \$next" }
        return call("$jobId/get", DescribeJobExecutionResponse.serializer()) {
            IotJson.encodeToString(
                DescribeJobExecutionRequest.serializer(),
                DescribeJobExecutionRequest(executionNumber, includeJobDocument, it),
            )
        }
    }

    /**
     * UpdateJobExecution of [jobId] to [status] (IN_PROGRESS, SUCCEEDED, FAILED or REJECTED). With [expectedVersion]
     * the update is rejected with VersionMismatch unless the execution has that version. The response carries the
     * state and document only when [includeJobExecutionState] / [includeJobDocument] are `true`.
     * [stepTimeoutInMinutes] resets the step timer.
     * @throws JobsRejectedException (VersionMismatch, InvalidStateTransition, ResourceNotFound, InvalidRequest…).
     */
    public suspend fun updateJobExecution(
        jobId: String,
        status: JobStatus,
        statusDetails: Map<String, String>? = null,
        expectedVersion: Long? = null,
        executionNumber: Long? = null,
        includeJobExecutionState: Boolean? = null,
        includeJobDocument: Boolean? = null,
        stepTimeoutInMinutes: Long? = null,
    ): UpdateJobExecutionResponse {
        IotName.JOB_ID.requireValid(jobId)
        require(status.isDeviceSettable) { "a device may set IN_PROGRESS, SUCCEEDED, FAILED or REJECTED, not $status" }
        return call("$jobId/update", UpdateJobExecutionResponse.serializer()) {
            IotJson.encodeToString(
                UpdateJobExecutionRequest.serializer(),
                UpdateJobExecutionRequest(
                    status,
                    statusDetails,
                    expectedVersion,
                    executionNumber,
                    includeJobExecutionState,
                    includeJobDocument,
                    stepTimeoutInMinutes,
                    it,
                ),
            )
        }
    }

    /**
     * The `notify-next` stream (NextJobExecutionChanged) with its subscription status and malformed messages. Cold:
     * each collector subscribes (shared on the wire) and unsubscribes when it stops; the subscription is restored
     * after reconnects ([JobsStreamEvent.Resubscribed] when notifications may have been missed).
     */
    public fun nextJobExecutionChangedEvents(): Flow<JobsStreamEvent<NextJobExecutionChangedEvent>> =
        stream("$prefix/notify-next", NextJobExecutionChangedEvent.serializer())

    /** The `notify-next` messages alone; see [nextJobExecutionChangedEvents]. */
    public fun nextJobExecutionChanged(): Flow<NextJobExecutionChangedEvent> =
        nextJobExecutionChangedEvents().mapNotNull { (it as? JobsStreamEvent.Message)?.value }

    /** The `notify` stream (JobExecutionsChanged) with its subscription status; see [nextJobExecutionChangedEvents]. */
    public fun jobExecutionsChangedEvents(): Flow<JobsStreamEvent<JobExecutionsChangedEvent>> =
        stream("$prefix/notify", JobExecutionsChangedEvent.serializer())

    /** The `notify` messages alone; see [jobExecutionsChangedEvents]. */
    public fun jobExecutionsChanged(): Flow<JobExecutionsChangedEvent> =
        jobExecutionsChangedEvents().mapNotNull { (it as? JobsStreamEvent.Message)?.value }

    /** The Java view, with stream callbacks on [executor] (a single SDK thread when `null`). */
    public fun asJava(executor: Executor?): JobsClientJava = JobsClientJava(this, executor)

    /** The Java view, with stream callbacks on a single SDK thread. */
    public fun asJava(): JobsClientJava = asJava(null)

    /** Fails pending calls with [dev.iotsdk.core.ClientClosedException] and ends the streams. Idempotent. */
    override fun close(): Unit = rr.close()

    override fun toString(): String = "JobsClient($thingName)"

    private suspend fun <R> call(suffix: String, response: KSerializer<R>, payload: (token: String) -> String): R {
        val topic = "$prefix/$suffix"
        val token = RequestResponseClient.newClientToken()
        val operation = RequestOperation(
            requestTopic = topic,
            payload = payload(token).encodeToByteArray(),
            // one shared wildcard for every job's get/update answers: a filter per job id would soon hit AWS IoT's
            // 50 subscriptions per connection (and cost a SUBSCRIBE round trip per job)
            subscriptions = listOf(if ('/' in suffix) "$prefix/+/${suffix.substringAfter('/')}/+" else "$topic/+"),
            accepted = ResponsePath("$topic/accepted"),
            rejected = ResponsePath("$topic/rejected"),
            correlationToken = token,
        )
        return rr.request(operation) { message ->
            try {
                IotJson.decodeFromString(response, message.payloadAsString())
            } catch (e: SerializationException) {
                throw MalformedResponseException(
                    message.topic,
                    message.payload,
                    DecodeFailures.describe(e),
                )
            } catch (e: IllegalArgumentException) {
                throw MalformedResponseException(
                    message.topic,
                    message.payload,
                    DecodeFailures.describe(e),
                )
            }
        }
    }

    private fun <T> stream(topic: String, serializer: KSerializer<T>): Flow<JobsStreamEvent<T>> = streamEvents(
        { rr.streamingOperation(topic) },
        StreamEventNames(
            message = { message -> decodeEvent(message, serializer) },
            subscribed = JobsStreamEvent.Subscribed,
            lost = JobsStreamEvent.SubscriptionLost,
            resubscribed = JobsStreamEvent.Resubscribed,
            halted = { JobsStreamEvent.Halted(it) },
        ),
    )

    private fun <T> decodeEvent(message: MqttMessage, serializer: KSerializer<T>): JobsStreamEvent<T> = try {
        JobsStreamEvent.Message(IotJson.decodeFromString(serializer, message.payloadAsString()))
    } catch (e: SerializationException) {
        JobsStreamEvent.Malformed(
            MalformedResponseException(message.topic, message.payload, DecodeFailures.describe(e)),
        )
    } catch (e: IllegalArgumentException) {
        JobsStreamEvent.Malformed(
            MalformedResponseException(message.topic, message.payload, DecodeFailures.describe(e)),
        )
    }

    /** Constants. */
    public companion object {
        /** The job id that names the next pending execution in [describeJobExecution]. */
        public const val NEXT: String = "\$next"
    }
}
