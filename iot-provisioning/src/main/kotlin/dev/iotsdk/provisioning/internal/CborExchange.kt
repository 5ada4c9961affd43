package dev.iotsdk.provisioning.internal

import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.OperationTimeoutException
import dev.iotsdk.core.Qos
import dev.iotsdk.core.RequestRejectedException
import dev.iotsdk.core.Subscription
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock
import kotlinx.coroutines.withTimeoutOrNull
import java.util.concurrent.ConcurrentHashMap
import kotlin.time.Duration

/**
 * One fleet provisioning request on a CBOR topic: subscribe to `<topic>/accepted` and `/rejected` (SUBACK first),
 * publish, take the first answer. Like the JSON path, calls on the same topic run one at a time (the API carries no
 * client token, so the topic is what matches an answer to its request). iot-core's request/response engine validates
 * every tokenless answer as UTF-8 JSON, so CBOR answers cannot go through it (see the branch report).
 */
internal class CborExchange(private val mqtt: IotMqttClient, private val timeout: Duration) {
    private val locks = ConcurrentHashMap<String, Mutex>()

    /** The accepted answer's payload; a rejection goes through [rejected] and is thrown. */
    suspend fun request(
        topic: String,
        payload: ByteArray,
        rejected: (RequestRejectedException) -> Throwable,
    ): ByteArray = withTimeoutOrNull(timeout) {
        locks.computeIfAbsent(topic) { Mutex() }.withLock {
            mqtt.openSubscription(
                Subscription("$topic/accepted", Qos.AT_LEAST_ONCE),
                Subscription("$topic/rejected", Qos.AT_LEAST_ONCE),
            ).use { subscription ->
                mqtt.publish(topic, payload, Qos.AT_LEAST_ONCE)
                val answer = subscription.messages.first()
                if (answer.topic == "$topic/rejected") {
                    throw rejected(RequestRejectedException(answer.topic, answer.payload, null, null, null))
                }
                answer.payload
            }
        }
    } ?: throw OperationTimeoutException("No answer on $topic/accepted or /rejected within $timeout")
}
