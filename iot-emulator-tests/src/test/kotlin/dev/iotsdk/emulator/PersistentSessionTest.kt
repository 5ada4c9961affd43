package dev.iotsdk.emulator

import com.hivemq.client.mqtt.MqttGlobalPublishFilter
import com.hivemq.client.mqtt.datatypes.MqttQos
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import java.util.concurrent.TimeUnit

/**
 * Issue 26 item 2, the emulator side: persistent sessions as AWS IoT keeps them (spec/connect.md §6.1, §6.3; DG "MQTT
 * persistent sessions"): the session expiry is capped at the account's "Persistent session expiry period" (1 hour by
 * default, up to 7 days) and the CONNACK says so; a session kept while the client is away holds its subscriptions and
 * the QoS 1 messages for them; and AWS's Subscribe/Unsubscribe lifecycle events
 * (`$aws/events/subscriptions/subscribed|unsubscribed/<clientId>`, DG "Lifecycle events") show who subscribes when,
 * so a client that resumes its session without resubscribing causes none.
 */
class PersistentSessionTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())

        fun Mqtt5BlockingClient.resume(expirySeconds: Long) =
            connectWith().cleanStart(false).sessionExpiryInterval(expirySeconds).send()

        test("a Session Expiry Interval above the account's 1 hour is lowered to it, and the CONNACK says so") {
            val client = plain5(emu, "expiry-capped")
            client.resume(8 * 24 * 3600L).sessionExpiryInterval.orElse(-1) shouldBe 3600
            client.disconnect()
            // within the limit: granted as asked (no property in the CONNACK)
            client.resume(600).sessionExpiryInterval.isPresent shouldBe false
            client.disconnect()
        }

        test("maxSessionExpirySeconds raises the cap up to AWS's 7 days and refuses more") {
            IotEmulator.start(IotEmulatorConfig { maxSessionExpirySeconds = 604_800 }).use { week ->
                val client = plain5(week, "expiry-week")
                client.resume(30 * 24 * 3600L).sessionExpiryInterval.orElse(-1) shouldBe 604_800
                client.disconnect()
            }
            runCatching { IotEmulatorConfig { maxSessionExpirySeconds = 604_801 } }.isFailure shouldBe true
        }

        test("500 QoS 1 messages published while the device is away arrive when it resumes, with no resubscribe") {
            val watcher = plain5(emu, "session-watcher").also { it.connect() }
            val events = watcher.publishes(MqttGlobalPublishFilter.ALL)
            watcher.subscribeWith().topicFilter("\$aws/events/subscriptions/+/session-device")
                .qos(MqttQos.AT_LEAST_ONCE).send()
            fun nextEvent(): JsonObject =
                Json.parseToJsonElement(String(events.receive(10, TimeUnit.SECONDS).orElseThrow().payloadAsBytes))
                    .jsonObject
            fun JsonObject.topics() = getValue("topics").jsonArray.map { it.jsonPrimitive.content }

            val device = plain5(emu, "session-device")
            device.resume(3600).isSessionPresent shouldBe false
            device.subscribeWith().topicFilter("session/commands").qos(MqttQos.AT_LEAST_ONCE).send()
            nextEvent().let {
                it.getValue("eventType").jsonPrimitive.content shouldBe "subscribed"
                it.topics() shouldContainExactly listOf("session/commands")
            }
            device.disconnect()

            val publisher = plain5(emu, "session-publisher").also { it.connect() }
            repeat(500) { i ->
                publisher.publishWith().topic("session/commands").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("$i".toByteArray()).send()
            }
            publisher.disconnect()

            device.publishes(MqttGlobalPublishFilter.ALL).use { received ->
                device.resume(3600).isSessionPresent shouldBe true
                val payloads = generateSequence {
                    received.receive(20, TimeUnit.SECONDS).map { String(it.payloadAsBytes) }.orElse(null)
                }.take(500).toList()
                payloads shouldBe (0 until 500).map { "$it" }
            }
            // the next subscribed event is the marker's: resuming subscribed nothing again
            device.subscribeWith().topicFilter("session/marker").qos(MqttQos.AT_LEAST_ONCE).send()
            nextEvent().topics() shouldContainExactly listOf("session/marker")
            device.unsubscribeWith().topicFilter("session/marker").send()
            nextEvent().let {
                it.getValue("eventType").jsonPrimitive.content shouldBe "unsubscribed"
                it.topics() shouldContainExactly listOf("session/marker")
            }
            device.disconnect()
            events.close()
            watcher.disconnect()
        }
    })
