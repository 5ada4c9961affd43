package dev.iotsdk.core.it

import dev.iotsdk.core.ConnectionState
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.Qos
import dev.iotsdk.emulator.EmulatorEvent
import dev.iotsdk.emulator.IotEmulator
import dev.iotsdk.emulator.IotEmulatorExtension
import dev.iotsdk.emulator.proxy.TcpFaultProxy
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.produceIn
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.withTimeout
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlin.time.Duration.Companion.hours
import kotlin.time.Duration.Companion.seconds

/**
 * Issue 26 item 2: with `cleanStart = false` and a session expiry, the emulator keeps the device's session while the
 * connection is down (cut, as a network loss cuts it); 500 QoS 1 messages published meanwhile all arrive, in order,
 * on the subscription the application opened before, once the SDK has reconnected; and since the CONNACK says the
 * session is present the SDK sends no SUBSCRIBE again: the emulator's AWS lifecycle events
 * (`$aws/events/subscriptions/subscribed/<clientId>`) show the next subscription is the one made afterwards.
 */
class PersistentSessionTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())

        test(
            "500 QoS 1 messages sent while the device is away arrive after it reconnects, and it does not resubscribe",
        ) {
            // every client is closed by `use` even when an assertion fails: none is left reconnecting to nothing
            val proxy = TcpFaultProxy("127.0.0.1", requireNotNull(emulator.plainPort)).start()
            val watcher = emulator.plainClient("ps-watcher")
            val device = emulator.plainClient("ps-device") {
                port = proxy.port
                cleanStart = false
                sessionExpiry = 1.hours
            }
            proxy.use { device.use { watcher.use { resumeAfterOutage(emulator, proxy, watcher, device) } } }
        }
    })

private suspend fun resumeAfterOutage(
    emulator: IotEmulator,
    proxy: TcpFaultProxy,
    watcher: IotMqttClient,
    device: IotMqttClient,
) = coroutineScope {
    watcher.connect()
    val subscribed = watcher.openSubscription("\$aws/events/subscriptions/subscribed/ps-device", Qos.AT_LEAST_ONCE)
    val events = subscribed.messages.produceIn(this)
    suspend fun nextTopics() = withTimeout(10.seconds) { events.receive() }.payloadAsString().let { json ->
        Json.parseToJsonElement(json).jsonObject.getValue("topics").jsonArray.map { it.jsonPrimitive.content }
    }

    device.connect().sessionPresent shouldBe false
    val commands = device.openSubscription("ps/commands", Qos.AT_LEAST_ONCE)
    nextTopics() shouldBe listOf("ps/commands")

    // the network goes away and stays away while the messages are published
    proxy.refuseNew = true
    proxy.cutAll()
    emulator.awaitEvent { it is EmulatorEvent.ClientDisconnected && it.clientId == "ps-device" } shouldNotBe null
    emulator.plainClient("ps-publisher").use { publisher ->
        publisher.connect()
        repeat(500) { publisher.publish(MqttMessage.text("ps/commands", "$it", Qos.AT_LEAST_ONCE)) }
    }
    proxy.refuseNew = false
    val resumed = withTimeout(30.seconds) {
        device.state.first { it is ConnectionState.Connected } as ConnectionState.Connected
    }
    resumed.settings.sessionPresent shouldBe true
    val received = withTimeout(30.seconds) { commands.messages.take(500).toList() }
    received.map { it.payloadAsString() } shouldBe (0 until 500).map { "$it" }

    // the next subscribed event is this one: the reconnect subscribed nothing again
    device.openSubscription("ps/marker", Qos.AT_LEAST_ONCE).close()
    nextTopics() shouldBe listOf("ps/marker")
    events.cancel()
}
