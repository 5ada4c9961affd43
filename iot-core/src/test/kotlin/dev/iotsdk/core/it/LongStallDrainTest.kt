package dev.iotsdk.core.it

import dev.iotsdk.core.ConnectionState
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.Qos
import dev.iotsdk.emulator.IotEmulatorExtension
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.filter
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout
import java.util.Collections
import kotlin.time.Duration.Companion.seconds

/**
 * Issue 19: a subscription stalled for longer than several receive-maximum windows of QoS 1 traffic, then drained:
 * every message arrives, in order, on the same connection (it is not lost and nothing disconnects).
 *
 * Not run against mosquitto: 2.0.11 (Debian's) sends more unacknowledged QoS 1 messages than the client's receive
 * maximum once the PUBACKs resume (mosquitto issue #2301, fixed in 2.0.13 by "Various fixes around inflight quota
 * management"), and the MQTT client then disconnects with RECEIVE_MAXIMUM_EXCEEDED as MQTT 5 requires.
 */
class LongStallDrainTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())

        suspend fun scenario(receiver: IotMqttClient, publisher: IotMqttClient) = coroutineScope {
            val losses = Collections.synchronizedList(ArrayList<String>())
            val watch = launch {
                receiver.state.filter { it is ConnectionState.WaitingToReconnect }.collect { losses.add("$it") }
            }
            receiver.connect()
            publisher.connect()
            val sub = receiver.openSubscription("stall/#", Qos.AT_LEAST_ONCE)
            repeat(100) { publisher.publish(MqttMessage.text("stall/one", "q$it", Qos.AT_LEAST_ONCE)) }
            val got = withTimeout(20.seconds) { sub.messages.take(100).toList() }
            got.map { it.payloadAsString() } shouldBe (0 until 100).map { "q$it" }
            losses.shouldBeEmpty()
            watch.cancel()
            sub.close()
        }

        test("100 QoS 1 messages to a subscription stalled past 5 receive-maximum windows all arrive, in order") {
            emulator.plainClient("stall-receiver") {
                receiveMaximum = 20
                subscriberBufferSize = 16
            }.use { r -> emulator.plainClient("stall-publisher").use { p -> scenario(r, p) } }
        }
    })
