package dev.iotsdk.core.it

import dev.iotsdk.core.IncomingOverflow
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.Qos
import dev.iotsdk.emulator.mosquitto.MosquittoBroker
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout
import java.util.concurrent.CopyOnWriteArrayList
import kotlin.time.Duration.Companion.seconds

/**
 * Issue 19 item 1, the caller's opt-out: a subscription opened with [IncomingOverflow.SLOW_CONNECTION] loses none of
 * its QoS 0 messages while it stalls (within its hold limit), and instead the whole connection slows: every QoS 1
 * acknowledgement waits, so the broker sends no more than the client's receive maximum of QoS 1 messages to any other
 * subscription until the slow one drains; then delivery resumes by itself, in order.
 */
class SlowConnectionOverflowTest :
    FunSpec({
        val mosquitto = MosquittoBroker.start()
        afterSpec { mosquitto.close() }

        val window = 10
        val buffer = 16
        val zeros = 300
        val more = 5

        suspend fun scenario(receiver: IotMqttClient, publisher: IotMqttClient, prefix: String) = coroutineScope {
            receiver.connect()
            publisher.connect()
            val slow = receiver.openSubscription("$prefix/slow/#", Qos.AT_LEAST_ONCE, IncomingOverflow.SLOW_CONNECTION)
            val active = receiver.openSubscription("$prefix/active", Qos.AT_LEAST_ONCE)
            val marker = receiver.openSubscription("$prefix/marker", Qos.AT_MOST_ONCE)
            val got = CopyOnWriteArrayList<String>()
            val collecting = launch {
                active.messages.collect { got += it.payloadAsString() }
            }

            // more QoS 0 than the slow subscription's buffer holds, then a receive maximum of QoS 1 for the active one
            repeat(zeros) { publisher.publish(MqttMessage.text("$prefix/slow/zero", "z$it", Qos.AT_MOST_ONCE)) }
            repeat(window) { publisher.publish(MqttMessage.text("$prefix/active", "a$it", Qos.AT_LEAST_ONCE)) }

            // they arrive (a slowed connection still delivers what the broker may send) but their acknowledgements wait
            eventually(what = "a window of QoS 1", detail = { "got ${got.size}" }) { got.size >= window }
            // so the broker sends no QoS 1 beyond the window: one more is accepted from the publisher and held back
            // while a QoS 0 message sent after it gets through
            publisher.publish(MqttMessage.text("$prefix/active", "a$window", Qos.AT_LEAST_ONCE))
            val markerSeen = launch { marker.messages.first() }
            publisher.publish(MqttMessage.text("$prefix/marker", "m", Qos.AT_MOST_ONCE))
            withTimeout(20.seconds) { markerSeen.join() }
            got.toList() shouldBe (0 until window).map { "a$it" }

            // drained, the slow subscription yields every QoS 0 message, none dropped
            val drained = withTimeout(20.seconds) { slow.messages.take(zeros).toList() }
            drained.map { it.payloadAsString() } shouldBe (0 until zeros).map { "z$it" }
            slow.droppedMessages shouldBe 0L
            receiver.statistics().droppedIncoming shouldBe 0L

            // and QoS 1 delivery resumes by itself, in order, nothing lost
            repeat(more) {
                publisher.publish(MqttMessage.text("$prefix/active", "a${window + 1 + it}", Qos.AT_LEAST_ONCE))
            }
            val total = window + 1 + more
            eventually(what = "every QoS 1 message", detail = { "got ${got.size}" }) { got.size == total }
            got.toList() shouldBe (0 until total).map { "a$it" }

            collecting.cancel()
            listOf(slow, active, marker).forEach { it.close() }
        }

        test("SLOW_CONNECTION holds a stalled subscription's QoS 0 and slows QoS 1 for the connection") {
            mosquitto.tcpClient("slowconn-receiver") {
                receiveMaximum = window
                subscriberBufferSize = buffer
                // about 14 of the small QoS 0 messages below: the 300 overflow it and are held
                subscriberBufferBytes = 2_048
            }.use { r ->
                mosquitto.tcpClient("slowconn-publisher").use { p -> scenario(r, p, "slowconn") }
            }
        }
    })
