package dev.iotsdk.core.it

import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.MqttSubscription
import dev.iotsdk.core.Qos
import dev.iotsdk.emulator.IotEmulatorExtension
import dev.iotsdk.emulator.mosquitto.MosquittoBroker
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.future.await
import kotlinx.coroutines.withTimeout
import java.util.concurrent.CompletableFuture
import java.util.function.Consumer
import kotlin.time.Duration.Companion.seconds

/**
 * Issue 19 item 4: `openSubscription` returns after the SUBACK, so a message published once right after it is
 * received (no publishing in a loop), in Kotlin and through the Java view's future.
 */
class OpenSubscriptionTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())
        val mosquitto = MosquittoBroker.start()
        afterSpec { mosquitto.close() }

        fun emulatorClient(id: String) = emulator.plainClient(id)

        fun mosquittoClient(id: String) = mosquitto.tcpClient(id)

        suspend fun publishOnceAfterSuback(client: IotMqttClient, topic: String) {
            client.connect()
            val sub: MqttSubscription = client.openSubscription(topic, Qos.AT_LEAST_ONCE)
            sub.outcomes.single().isSuccess shouldBe true
            client.publish(MqttMessage.text(topic, "once"))
            client.publish(MqttMessage.text(topic, "twice", Qos.AT_MOST_ONCE))
            withTimeout(10.seconds) { sub.messages.take(2).toList() }.map { it.payloadAsString() } shouldBe
                listOf("once", "twice")
            sub.close()
            // closing ends the flow
            withTimeout(10.seconds) { sub.messages.toList() } shouldBe emptyList()
        }

        test("openSubscription returns after the SUBACK: one publish is received (emulator broker)") {
            emulatorClient("open-sub").use { publishOnceAfterSuback(it, "open/sub") }
        }

        test("openSubscription returns after the SUBACK: one publish is received (mosquitto)") {
            mosquittoClient("open-sub").use { publishOnceAfterSuback(it, "open/sub") }
        }

        test("the Java view's openSubscription future completes on the SUBACK") {
            mosquittoClient("open-sub-java").asJava().use { client ->
                client.connect().await()
                val got = CompletableFuture<String>()
                val sub = client.openSubscription(
                    "open/java",
                    Qos.AT_LEAST_ONCE,
                    Consumer { got.complete(it.payloadAsString()) },
                    null,
                ).await()
                client.publish(MqttMessage.text("open/java", "java-once")).await()
                withTimeout(10.seconds) { got.await() } shouldBe "java-once"
                sub.close()
            }
        }

        test("the cold subscribe flow still delivers, sharing a filter with an open subscription") {
            mosquittoClient("open-sub-shared").use { client ->
                client.connect()
                val sub = client.openSubscription("open/shared", Qos.AT_LEAST_ONCE)
                val second = client.openSubscription("open/shared", Qos.AT_LEAST_ONCE)
                client.publish(MqttMessage.text("open/shared", "both"))
                withTimeout(10.seconds) { sub.messages.first() }.payloadAsString() shouldBe "both"
                withTimeout(10.seconds) { second.messages.first() }.payloadAsString() shouldBe "both"
                sub.close()
                second.close()
            }
        }
    })
