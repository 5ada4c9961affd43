package dev.iotsdk.commands

import dev.iotsdk.commands.internal.CommandsRejections
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
import dev.iotsdk.model.IotJson
import dev.iotsdk.model.commands.CommandExecutionResult
import dev.iotsdk.model.commands.CommandExecutionStatus
import dev.iotsdk.model.commands.DeviceType
import dev.iotsdk.model.commands.StatusReason
import dev.iotsdk.model.commands.UpdateCommandExecutionBody
import dev.iotsdk.model.commands.UpdateCommandExecutionResponse
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.mapNotNull
import kotlinx.coroutines.flow.merge
import kotlinx.serialization.SerializationException
import java.util.concurrent.Executor

/**
 * The device side of AWS IoT Commands over MQTT for one thing or MQTT client (spec/commands.md): the three command
 * execution streams of the AWS IoT Device SDK v2's `IotCommandsV2Client` (JSON, CBOR and any other payload format) as
 * flows that survive reconnects, and UpdateCommandExecution as a suspend function with a deadline and typed
 * rejections ([CommandsRejectedException]). For "run a handler per execution, honour its timeout, report the outcome"
 * use [CommandRunner].
 *
 * Kotlin:
 * ```kotlin
 * val commands = CommandsClient(mqtt, DeviceType.THING, "sensor-1")
 * commands.commandExecutions().collect { e ->
 *     commands.updateCommandExecution(e.executionId, CommandExecutionStatus.SUCCEEDED)
 * }
 * ```
 * Java:
 * ```java
 * CommandsClientJava commands = new CommandsClient(mqtt, DeviceType.THING, "sensor-1").asJava(executor);
 * commands.updateCommandExecution(new UpdateCommandExecutionRequest(id, CommandExecutionStatus.SUCCEEDED)).join();
 * ```
 *
 * The content type and timeout of an execution come from MQTT 5 properties; connect with MQTT 5 to get them.
 * Threading: every function may be called from any thread. Cancellation: cancelling a call stops waiting for the
 * answer; an update already published cannot be recalled. [close] ends the streams and fails pending calls; it does
 * not close [mqtt].
 */
@OptIn(InternalIotSdkApi::class)
public class CommandsClient @JvmOverloads constructor(
    /** The MQTT connection (connected by the caller; for [DeviceType.CLIENT], with client id [deviceId]). */
    public val mqtt: IotMqttClient,
    /** Whether executions target a thing or an MQTT client id. */
    public val deviceType: DeviceType,
    /** The thing name or client id. */
    public val deviceId: String,
    /** The settings. */
    public val options: CommandsClientOptions = CommandsClientOptions(),
) : AutoCloseable {
    init {
        when (deviceType) {
            DeviceType.THING -> IotName.THING.requireValid(deviceId)
            DeviceType.CLIENT -> {
                IotName.CLIENT_ID.requireValid(deviceId)
                IotName.TOPIC_SEGMENT.requireValid(deviceId)
            }
        }
    }

    private val rr = RequestResponseClient(
        mqtt,
        RequestResponseOptions(defaultTimeout = options.requestTimeout, rejectionMapper = CommandsRejections),
    )
    private val prefix = "\$aws/commands/${deviceType.segment}/$deviceId/executions"

    /**
     * UpdateCommandExecution: reports [CommandExecutionStatus] of an execution with an optional reason and result,
     * and waits for the service's answer. Updates of one execution are sent one at a time (AWS answers updates that
     * overlap with `DataConflict`); updates of different executions run side by side.
     * @throws IllegalArgumentException when the request is one AWS would refuse (bad execution id, reason or result).
     * @throws CommandsRejectedException when the service rejects it (for example `TerminalStateReached`).
     * @throws dev.iotsdk.core.OperationTimeoutException when no answer arrives within the deadline.
     */
    public suspend fun updateCommandExecution(request: UpdateCommandExecutionRequest): UpdateCommandExecutionResponse {
        check(request)
        val topic = "$prefix/${request.executionId}/response"
        val body = UpdateCommandExecutionBody(request.status, request.statusReason, request.result)
        val operation = RequestOperation(
            requestTopic = "$topic/json",
            payload = IotJson.encodeToString(UpdateCommandExecutionBody.serializer(), body).encodeToByteArray(),
            // one wildcard shared by every execution's answers (a filter per execution would soon hit AWS IoT's 50
            // subscriptions per connection)
            subscriptions = listOf("$prefix/+/response/+/json"),
            accepted = ResponsePath("$topic/accepted/json", null),
            rejected = ResponsePath("$topic/rejected/json", null),
            correlationToken = null,
        )
        return rr.request(operation) { message ->
            try {
                IotJson.decodeFromString(UpdateCommandExecutionResponse.serializer(), message.payloadAsString())
            } catch (e: SerializationException) {
                throw MalformedResponseException(message.topic, message.payload, DecodeFailures.describe(e))
            }
        }
    }

    /** [updateCommandExecution] with the request's fields as arguments. */
    public suspend fun updateCommandExecution(
        executionId: String,
        status: CommandExecutionStatus,
        statusReason: StatusReason? = null,
        result: Map<String, CommandExecutionResult>? = null,
    ): UpdateCommandExecutionResponse =
        updateCommandExecution(UpdateCommandExecutionRequest(executionId, status, statusReason, result))

    /** Executions whose payload is JSON (`…/request/json`), with the subscription's status. Cold; see [stream]. */
    public fun createCommandExecutionsJsonPayloadStream(): Flow<CommandsStreamEvent> = stream("json")

    /** Executions whose payload is CBOR (`…/request/cbor`), with the subscription's status. */
    public fun createCommandExecutionsCborPayloadStream(): Flow<CommandsStreamEvent> = stream("cbor")

    /** Executions of any other payload format (`…/request`; the content type says which), with the status. */
    public fun createCommandExecutionsGenericPayloadStream(): Flow<CommandsStreamEvent> = stream(null)

    /** Every execution, whatever its payload format (the three streams merged), without the subscription status. */
    public fun commandExecutions(): Flow<CommandExecutionEvent> = merge(
        createCommandExecutionsJsonPayloadStream(),
        createCommandExecutionsCborPayloadStream(),
        createCommandExecutionsGenericPayloadStream(),
    ).mapNotNull { (it as? CommandsStreamEvent.Execution)?.event }

    /** The Java view, with stream callbacks on [executor] (a single SDK thread when `null`). */
    public fun asJava(executor: Executor?): CommandsClientJava = CommandsClientJava(this, executor)

    /** The Java view, with stream callbacks on a single SDK thread. */
    public fun asJava(): CommandsClientJava = asJava(null)

    /** Fails pending calls with [dev.iotsdk.core.ClientClosedException] and ends the streams. Idempotent. */
    override fun close(): Unit = rr.close()

    override fun toString(): String = "CommandsClient(${deviceType.segment}/$deviceId)"

    /**
     * The stream of `…/executions/+/request[/format]`: each collector subscribes (shared on the wire) and unsubscribes
     * when it stops; the subscription is restored after reconnects.
     */
    private fun stream(format: String?): Flow<CommandsStreamEvent> = streamEvents(
        { rr.streamingOperation("$prefix/+/request" + (format?.let { "/$it" } ?: "")) },
        StreamEventNames(
            message = { CommandsStreamEvent.Execution(event(it, format)) },
            subscribed = CommandsStreamEvent.Subscribed,
            lost = CommandsStreamEvent.SubscriptionLost,
            resubscribed = CommandsStreamEvent.Resubscribed,
            halted = { CommandsStreamEvent.Halted(it) },
        ),
    )

    private fun event(message: MqttMessage, format: String?) = CommandExecutionEvent(
        message.payload,
        message.topic.split('/')[EXECUTION_ID_LEVEL],
        message.properties.contentType,
        message.properties.messageExpiry?.inWholeSeconds?.coerceAtMost(Int.MAX_VALUE.toLong())?.toInt(),
        format,
        deviceType,
        deviceId,
    )

    private fun check(request: UpdateCommandExecutionRequest) {
        require(request.executionId.matches(EXECUTION_ID)) {
            "executionId must have 1-64 characters of [a-zA-Z0-9_-]"
        }
        request.statusReason?.problem()?.let { throw IllegalArgumentException("statusReason: $it") }
        val result = request.result ?: return
        require(result.isNotEmpty()) { "a result map needs at least one entry (or none at all)" }
        result.keys.forEach {
            require(it.matches(RESULT_NAME)) { "result names have 1-32 characters of [a-zA-Z0-9_-]" }
        }
    }

    private companion object {
        const val EXECUTION_ID_LEVEL = 5
        val EXECUTION_ID = Regex("[a-zA-Z0-9_-]{1,64}")
        val RESULT_NAME = Regex("[a-zA-Z0-9_-]{1,32}")
    }
}
