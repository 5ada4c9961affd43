package dev.iotsdk.emulator.internal.commands

import com.hivemq.extension.sdk.api.packets.general.Qos
import com.hivemq.extension.sdk.api.services.builder.Builders
import dev.iotsdk.emulator.internal.ReservedTopicService
import dev.iotsdk.emulator.internal.ServiceContext
import dev.iotsdk.emulator.internal.ServiceRequest
import dev.iotsdk.emulator.internal.broker.BrokerExtension
import dev.iotsdk.emulator.internal.commands.ExecutionRecord.Companion.TIMED_OUT
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import java.nio.ByteBuffer
import java.util.UUID
import java.util.concurrent.ScheduledExecutorService
import java.util.concurrent.TimeUnit

/**
 * The emulator's AWS IoT Commands service (spec/commands.md): commands and their executions, the request message to
 * the device (content type and Message Expiry Interval set, as AWS sets them), the device's UpdateCommandExecution on
 * `…/response/json` with its accepted/rejected answers, the execution timer that ends in TIMED_OUT
 * (`$NO_RESPONSE_FROM_DEVICE`, not final) and the `$aws/events/commandExecution/<commandId>/<status>` events. The
 * control-plane operations are [CommandsApi]'s. All state sits behind one lock.
 */
internal class CommandsService(
    private val extension: BrokerExtension,
    private val scheduler: ScheduledExecutorService,
    private val arnPrefix: String,
    private val clock: () -> Long = System::currentTimeMillis,
) : ReservedTopicService {
    internal val lock = Any()
    internal val commands = LinkedHashMap<String, CommandRecord>()
    internal val executions = LinkedHashMap<String, ExecutionRecord>()
    private val byClientToken = HashMap<String, String>()

    override fun handles(topic: String): Boolean = CommandsTopic.parse(topic) != null

    override fun onRequest(request: ServiceRequest, context: ServiceContext) {
        val topic = CommandsTopic.parse(request.topic) ?: return
        val answer = synchronized(lock) {
            try {
                val execution = executions[topic.executionId]
                    ?.takeIf { it.deviceType == topic.deviceType && it.deviceId == topic.deviceId }
                    ?: throw UpdateRejection("ResourceNotFound", "Command Execution not found.")
                DeviceUpdate.parse(request.payload).applyTo(execution, clock())
                event(execution)
                true to buildJsonObject { put("executionId", topic.executionId) }
            } catch (e: UpdateRejection) {
                false to buildJsonObject {
                    put("error", e.code)
                    put("errorMessage", e.message)
                    put("executionId", topic.executionId)
                }
            }
        }
        context.publishToClient(
            request.clientId,
            topic.answer(answer.first),
            answer.second.toString().encodeToByteArray(),
        )
    }

    /** Creates a command; `null` when [commandId] exists. */
    fun create(command: CommandRecord): Boolean = synchronized(lock) {
        if (commands.containsKey(command.commandId)) return false
        commands[command.commandId] = command
        true
    }

    /**
     * StartCommandExecution: a new execution, the request published to the device and the timer started. A repeated
     * client token returns the first execution's id.
     */
    fun start(request: StartRequest): String {
        val command = request.command
        val execution = synchronized(lock) {
            request.clientToken?.let { token -> byClientToken[token]?.let { return it } }
            val id = UUID.randomUUID().toString()
            val record = ExecutionRecord(id, request, clock())
            executions[id] = record
            request.clientToken?.let { byClientToken[it] = id }
            record.timer = scheduler.schedule({ timeOut(id) }, request.timeoutSeconds, TimeUnit.SECONDS)
            event(record)
            record
        }
        val publish = Builders.publish()
            .topic(
                CommandsTopic.request(
                    execution.deviceType,
                    execution.deviceId,
                    execution.executionId,
                    command.contentType,
                ),
            )
            .qos(Qos.AT_LEAST_ONCE)
            .payload(ByteBuffer.wrap(command.payload.first ?: ByteArray(0)))
            .contentType(command.contentType)
            .messageExpiryInterval(request.timeoutSeconds)
            .build()
        extension.publish(publish)
        return execution.executionId
    }

    /** Deletes a terminal execution; `false` when it is not terminal, `null` when there is none. */
    fun deleteExecution(executionId: String, targetArn: String): Boolean? = synchronized(lock) {
        val execution = executions[executionId]?.takeIf { it.targetArn == targetArn } ?: return null
        if (!execution.ended) return false
        executions.remove(executionId)
        true
    }

    private fun timeOut(executionId: String) {
        synchronized(lock) {
            val execution = executions[executionId] ?: return
            if (execution.ended || execution.status == TIMED_OUT) return
            execution.status = TIMED_OUT
            execution.statusReason = buildJsonObject { put("reasonCode", NO_RESPONSE) }
            execution.lastUpdatedAt = clock()
            event(execution)
        }
    }

    /** Publishes the status event (spec/commands.md §8); called with the lock held. */
    private fun event(execution: ExecutionRecord) {
        val payload = buildJsonObject {
            put("executionId", execution.executionId)
            put("status", execution.status)
            execution.statusReason?.let { put("statusReason", it) }
            put("eventType", "COMMAND_EXECUTION")
            put("commandArn", execution.command.arn)
            put("targetArn", execution.targetArn)
            put("timestamp", JsonPrimitive(clock()))
        }
        val topic = "\$aws/events/commandExecution/${execution.command.commandId}/${execution.status}"
        extension.publishAsync(topic, payload.toString().encodeToByteArray(), 1, null)
    }

    internal fun commandArn(commandId: String) = "$arnPrefix:command/$commandId"

    companion object {
        const val NO_RESPONSE = "\$NO_RESPONSE_FROM_DEVICE"
    }
}
