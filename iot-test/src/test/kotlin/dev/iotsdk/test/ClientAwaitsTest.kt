package dev.iotsdk.test

import dev.iotsdk.core.ConnectionState
import dev.iotsdk.core.LifecycleEvent
import dev.iotsdk.core.MqttVersion
import dev.iotsdk.core.SubscribeRejectedException
import dev.iotsdk.emulator.EmulatorEvent
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.runTest
import java.util.concurrent.atomic.AtomicBoolean
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/** The emulator client builders and the awaiting helpers, on the emulator and on the fake. */
class ClientAwaitsTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())

        test("mtlsClient connects as the thing on the mutual-TLS port and on 443 with ALPN; roundTrip proves it") {
            val device = emulator.registerThing("helpers-mtls")
            for (alpn in listOf(false, true)) {
                emulator.mtlsClient(device, alpn).use { client ->
                    client.config.port shouldBe (if (alpn) emulator.port443 else emulator.mqttPort)
                    client.connect()
                    client.roundTrip("devices/helpers-mtls/echo", "alpn=$alpn").payloadAsString() shouldBe "alpn=$alpn"
                    val event = emulator.awaitEvent {
                        it is EmulatorEvent.ClientConnected &&
                            it.clientId == "helpers-mtls"
                    }
                    (event as EmulatorEvent.ClientConnected).thingName shouldBe "helpers-mtls"
                    client.disconnect()
                }
            }
        }

        test("plainClient takes further configuration; awaitConnected follows a reconnect by FAST_RECONNECT") {
            emulator.plainClient("helpers-plain") { mqttVersion = MqttVersion.MQTT_3_1_1 }.use { client ->
                client.config.reconnect shouldBe FAST_RECONNECT
                client.connect().mqttVersion shouldBe MqttVersion.MQTT_3_1_1
                val dropped = async(start = CoroutineStart.UNDISPATCHED) {
                    client.events.first { it is LifecycleEvent.Disconnection }
                }
                emulator.disconnectClient("helpers-plain") shouldBe true
                dropped.await()
                client.awaitConnected(10.seconds).clientId shouldBe "helpers-plain"
                client.roundTrip("plain/echo").payloadAsString() shouldBe "ping"
            }
        }

        test("roundTrip fails when the subscription is refused, and awaitState names the state it saw") {
            runTest {
                val fake = FakeIotMqttClient()
                fake.connect()
                fake.roundTrip("loop/back", "hi").payloadAsString() shouldBe "hi"
                fake.unsubscribeRequests shouldBe listOf(listOf("loop/back"))
                fake.failSubscriptions("forbidden")
                shouldThrow<SubscribeRejectedException> { fake.roundTrip("forbidden") }
                fake.published.size shouldBe 1
                val e = shouldThrow<AssertionError> { fake.awaitState(1.seconds) { it === ConnectionState.Closed } }
                e.message shouldContain "Connected"
            }
        }

        test("eventually waits for a condition set elsewhere, and fails naming what it waited for") {
            val flag = AtomicBoolean()
            launch {
                delay(50.milliseconds)
                flag.set(true)
            }
            eventually(what = "the flag") { flag.get() }
            val e = shouldThrow<AssertionError> {
                eventually(100.milliseconds, "the impossible", detail = { "(flag=${flag.get()})" }) { false }
            }
            e.message shouldContain "the impossible (flag=true)"
        }
    })
