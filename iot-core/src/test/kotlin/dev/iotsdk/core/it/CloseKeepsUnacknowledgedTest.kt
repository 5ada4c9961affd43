package dev.iotsdk.core.it

import dev.iotsdk.core.Acknowledgement
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.Qos
import dev.iotsdk.emulator.IotEmulatorExtension
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.onEach
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.withTimeout
import kotlin.time.Duration.Companion.hours
import kotlin.time.Duration.Companion.seconds

/**
 * Issue 26 item 3, on a graceful shutdown: closing the client (or disconnecting it) does not acknowledge what the
 * application has not acknowledged, so a persistent session delivers those messages again to the next connection,
 * as it does after a crash.
 */
class CloseKeepsUnacknowledgedTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())

        fun device(id: String): IotMqttClient = emulator.plainClient(id) {
            cleanStart = false
            sessionExpiry = 1.hours
        }

        suspend fun publish(topic: String, vararg payloads: String) {
            emulator.plainClient("$topic-publisher".replace('/', '-')).use { publisher ->
                publisher.connect()
                payloads.forEach { publisher.publish(MqttMessage.text(topic, it, Qos.AT_LEAST_ONCE)) }
            }
        }

        /** A new connection of [id]'s session, its subscription open before CONNECT: the first [n] payloads. */
        suspend fun resumed(id: String, topic: String, n: Int): List<String> = coroutineScope {
            device(id).use { again ->
                val opening = async(start = CoroutineStart.UNDISPATCHED) {
                    again.openSubscription(topic, acknowledgement = Acknowledgement.MANUAL)
                }
                again.connect()
                val sub = opening.await()
                // each acknowledged as it arrives, as an application does: the broker may hold the next message
                // back until the one before is acknowledged (waiting for all n first timed out in a CI run)
                withTimeout(10.seconds) { sub.messages.take(n).onEach { it.acknowledge() }.toList() }
                    .map { it.payloadAsString() }
            }
        }

        for (how in listOf("close", "disconnect")) {
            test("$how: messages received but not acknowledged are delivered again on the next connection") {
                val id = "keep-$how"
                val topic = "keep/$how"
                device(id).use { first ->
                    first.connect()
                    val sub = first.openSubscription(topic, acknowledgement = Acknowledgement.MANUAL)
                    publish(topic, "p0", "p1", "p2")
                    // the emulator's broker sends the next message to a connected client once the one before is
                    // acknowledged: p0 is processed, p1 received and not yet processed when the device shuts down
                    val got = withTimeout(10.seconds) {
                        sub.messages.take(2).onEach {
                            if (it.payloadAsString() ==
                                "p0"
                            ) {
                                it.acknowledge() shouldBe true
                            }
                        }.toList()
                    }
                    got.map { it.payloadAsString() } shouldBe listOf("p0", "p1")
                    if (how == "disconnect") first.disconnect() else first.close()
                }
                resumed(id, topic, 2) shouldBe listOf("p1", "p2")
            }
        }
    })
