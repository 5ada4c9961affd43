package dev.iotsdk.core.it

import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.Qos
import dev.iotsdk.emulator.IotEmulatorExtension
import dev.iotsdk.emulator.mosquitto.MosquittoBroker
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.withTimeoutOrNull
import kotlin.time.Duration.Companion.seconds

/**
 * Closing the last subscription of a filter sends its UNSUBSCRIBE in the background; opening the same filter again
 * at once must not be undone by that UNSUBSCRIBE overtaking the new SUBSCRIBE (the new subscription would be acknowledged
 * and then receive nothing). Found by iot-streams, whose describe and get calls close and reopen the same filters.
 */
class ResubscribeRaceTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())
        val mosquitto = MosquittoBroker.start()
        afterSpec { mosquitto.close() }

        suspend fun closeThenReopen(client: dev.iotsdk.core.IotMqttClient, rounds: Int): Int {
            client.connect()
            var missed = 0
            repeat(rounds) { i ->
                val topic = "race/$i"
                client.openSubscription(topic, Qos.AT_LEAST_ONCE).close()
                val again = client.openSubscription(topic, Qos.AT_LEAST_ONCE)
                client.publish(MqttMessage.text(topic, "m$i"))
                val got = withTimeoutOrNull(3.seconds) { again.messages.first() }
                if (got == null) missed++
                again.close()
            }
            return missed
        }

        test("a filter closed and reopened at once still receives (emulator broker)") {
            emulator.plainClient("race-emu").use { closeThenReopen(it, 40) shouldBe 0 }
        }

        test("a filter closed and reopened at once still receives (mosquitto)") {
            mosquitto.tcpClient("race-mosq").use { closeThenReopen(it, 40) shouldBe 0 }
        }
    })
