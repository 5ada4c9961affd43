package dev.iotsdk.core.it

import dev.iotsdk.core.Acknowledgement
import dev.iotsdk.core.ConnectionState
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.IotMqttClientConfig
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.Qos
import dev.iotsdk.emulator.EmulatorEvent
import dev.iotsdk.emulator.IotEmulator
import dev.iotsdk.emulator.IotEmulatorExtension
import dev.iotsdk.emulator.proxy.TcpFaultProxy
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import kotlinx.coroutines.flow.filter
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.withTimeout
import kotlin.time.Duration.Companion.hours
import kotlin.time.Duration.Companion.seconds

/**
 * Issue 26 item 3: a subscription opened with [Acknowledgement.MANUAL] acknowledges a QoS 1 message only when the
 * application says it processed it, so a message not acknowledged when the device goes away is delivered again.
 *
 * The messages are published while the device is away: the emulator's broker (HiveMQ CE) then hands them over in one
 * batch when it comes back, where messages published one by one to a connected client wait until the client has
 * acknowledged the batch before them (AWS IoT keeps up to 100 in flight).
 */
class ManualAcknowledgementTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())

        test("messages not acknowledged before the connection is cut are delivered again; acknowledged ones are not") {
            awayAndBack(emulator, "ack-device", {}) { device, away ->
                val sub = device.openSubscription("ack/jobs", acknowledgement = Acknowledgement.MANUAL)
                away { publisher ->
                    repeat(8) { publisher.publish(MqttMessage.text("ack/jobs", "m$it", Qos.AT_LEAST_ONCE)) }
                }
                val first = withTimeout(10.seconds) { sub.messages.take(8).toList() }
                first.map { it.payloadAsString() } shouldBe (0 until 8).map { "m$it" }
                // processed the first three only, then the device goes away
                first.take(3).forEach { it.acknowledge().shouldBeTrue() }
                first[0].acknowledge().shouldBeFalse()
                // a QoS 1 round trip on the same connection: the PUBACKs went out before its PUBLISH
                device.publish(MqttMessage.text("ack/sync", "sync", Qos.AT_LEAST_ONCE))
                away {}
                val again = withTimeout(10.seconds) { sub.messages.take(5).toList() }
                again.map { it.payloadAsString() } shouldBe (3 until 8).map { "m$it" }
                again.forEach { it.acknowledge().shouldBeTrue() }
                device.publish(MqttMessage.text("ack/sync", "sync", Qos.AT_LEAST_ONCE))
                away {}
                // nothing was pending any more: the next message is a new one
                emulator.plainClient("ack-late").use { late ->
                    late.connect()
                    late.publish(MqttMessage.text("ack/jobs", "after", Qos.AT_LEAST_ONCE))
                }
                withTimeout(10.seconds) { sub.messages.first() }.payloadAsString() shouldBe "after"
                sub.close()
            }
        }

        test("an automatic subscription's messages and QoS 0 messages have nothing to acknowledge") {
            emulator.plainClient("ack-auto").use { client ->
                client.connect()
                val auto = client.openSubscription("ack/auto")
                val manual = client.openSubscription("ack/auto", acknowledgement = Acknowledgement.MANUAL)
                client.publish(MqttMessage.text("ack/auto", "zero", Qos.AT_MOST_ONCE))
                client.publish(MqttMessage.text("ack/auto", "one", Qos.AT_LEAST_ONCE))
                val fromAuto = withTimeout(10.seconds) { auto.messages.take(2).toList() }
                val fromManual = withTimeout(10.seconds) { manual.messages.take(2).toList() }
                fromAuto.map { it.acknowledge() } shouldBe listOf(false, false)
                // MQTT orders messages within one QoS only: the QoS 0 and QoS 1 copies may arrive either way round
                val byPayload = fromManual.sortedBy { it.payloadAsString() }
                byPayload.map { it.payloadAsString() } shouldBe listOf("one", "zero")
                // the manual subscription's QoS 1 message is its own copy, acknowledged once
                byPayload.map { it.acknowledge() } shouldBe listOf(true, false)
                auto.close()
                manual.close()
            }
        }

        test("closing a manual subscription acknowledges what it held: QoS 1 delivery goes on for the others") {
            awayAndBack(emulator, "ack-close", { receiveMaximum = 4 }) { device, away ->
                val manual = device.openSubscription("ack/close/#", acknowledgement = Acknowledgement.MANUAL)
                val other = device.openSubscription("ack/other")
                away { publisher ->
                    repeat(6) { publisher.publish(MqttMessage.text("ack/close/held", "h$it", Qos.AT_LEAST_ONCE)) }
                }
                // never acknowledged: the broker has 4 (the receive maximum) in flight and waits for their PUBACKs
                withTimeout(10.seconds) { manual.messages.take(4).toList() }.size shouldBe 4
                manual.close()
                emulator.plainClient("ack-close-pub").use { publisher ->
                    publisher.connect()
                    repeat(3) { publisher.publish(MqttMessage.text("ack/other", "o$it", Qos.AT_LEAST_ONCE)) }
                }
                val got = withTimeout(10.seconds) { other.messages.take(3).toList() }
                got.map { it.payloadAsString() } shouldBe listOf("o0", "o1", "o2")
                other.close()
            }
        }
    })

/** What the device does while it is away: publish through another client. */
private typealias Away = suspend (suspend (publisher: IotMqttClient) -> Unit) -> Unit

/**
 * Runs [block] with a device (persistent session, through a [TcpFaultProxy]) and an `away` function that cuts the
 * device's connection, keeps it away while its argument runs, and returns once the device is connected again.
 */
private suspend fun awayAndBack(
    emulator: IotEmulator,
    id: String,
    config: IotMqttClientConfig.Builder.() -> Unit,
    block: suspend (IotMqttClient, Away) -> Unit,
) {
    val proxy = TcpFaultProxy("127.0.0.1", requireNotNull(emulator.plainPort)).start()
    val device = emulator.plainClient(id) {
        port = proxy.port
        cleanStart = false
        sessionExpiry = 1.hours
        config()
    }
    var visits = 0
    val away: Away = { whileAway ->
        visits++
        proxy.refuseNew = true
        proxy.cutAll()
        // the log replays every event: this visit's disconnect is the device's `visits`-th one
        var seen = 0
        emulator.awaitEvent {
            it is EmulatorEvent.ClientDisconnected && it.clientId == id && ++seen == visits
        } shouldNotBe null
        emulator.plainClient("$id-publisher-$visits").use { publisher ->
            publisher.connect()
            whileAway(publisher)
        }
        proxy.refuseNew = false
        withTimeout(30.seconds) {
            device.state.filter { it is ConnectionState.Connected }.first()
        }
    }
    proxy.use { device.use { block(device.also { it.connect() }, away) } }
}
