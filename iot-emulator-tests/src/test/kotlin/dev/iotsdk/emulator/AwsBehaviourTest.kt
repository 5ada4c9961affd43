package dev.iotsdk.emulator

import com.hivemq.client.mqtt.MqttClient
import com.hivemq.client.mqtt.MqttGlobalPublishFilter
import com.hivemq.client.mqtt.datatypes.MqttQos
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscription
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.boolean
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.long
import java.util.concurrent.TimeUnit

class AwsBehaviourTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())

        test("presence events are published on \$aws/events/presence/{connected,disconnected}/<clientId>") {
            val watcher = plain5(emu, "presence-watcher")
            watcher.connect()
            val publishes = watcher.publishes(MqttGlobalPublishFilter.ALL)
            watcher.subscribeWith().topicFilter(
                "\$aws/events/presence/+/presence-subject",
            ).qos(MqttQos.AT_LEAST_ONCE).send()
            val device = emu.registerThing("presence-thing")
            val subject = mqtt5(emu, "presence-subject", device)
            subject.connect()
            val connected = publishes.receive(10, TimeUnit.SECONDS).get()
            connected.topic.toString() shouldBe "\$aws/events/presence/connected/presence-subject"
            val c = Json.parseToJsonElement(String(connected.payloadAsBytes)) as JsonObject
            c["clientId"]!!.jsonPrimitive.content shouldBe "presence-subject"
            c["eventType"]!!.jsonPrimitive.content shouldBe "connected"
            c["principalIdentifier"]!!.jsonPrimitive.content shouldBe device.certificateId
            c["ipAddress"]!!.jsonPrimitive.content shouldBe "127.0.0.1"
            (c["timestamp"]!!.jsonPrimitive.long > 0) shouldBe true
            c["sessionIdentifier"] shouldNotBe null
            c["versionNumber"] shouldNotBe null
            subject.disconnect()
            val disconnected = publishes.receive(10, TimeUnit.SECONDS).get()
            disconnected.topic.toString() shouldBe "\$aws/events/presence/disconnected/presence-subject"
            val d = Json.parseToJsonElement(String(disconnected.payloadAsBytes)) as JsonObject
            d["eventType"]!!.jsonPrimitive.content shouldBe "disconnected"
            d["disconnectReason"]!!.jsonPrimitive.content shouldBe "CLIENT_INITIATED_DISCONNECT"
            d["clientInitiatedDisconnect"]!!.jsonPrimitive.boolean shouldBe true
            d["sessionIdentifier"] shouldBe c["sessionIdentifier"]
            watcher.disconnect()
        }

        test("the same client id connecting again disconnects the old connection") {
            val first = plain5(emu, "dup-id")
            first.connect()
            val second = plain5(emu, "dup-id")
            second.connect()
            emu.awaitEvent {
                it is EmulatorEvent.ClientDisconnected &&
                    it.clientId == "dup-id" &&
                    it.reason == "DUPLICATE_CLIENTID"
            }
            second.state.isConnected shouldBe true
            emu.connectedClients().contains("dup-id") shouldBe true
            second.disconnect()
        }

        test("payloads over 128 KB are refused and the client is disconnected; 128 KB is fine") {
            val c = plain5(emu, "big-payload")
            c.connect()
            val ok = c.publishWith().topic("big/ok").qos(MqttQos.AT_LEAST_ONCE).payload(ByteArray(128 * 1024)).send()
            (ok as Mqtt5PublishResult.Mqtt5Qos1Result).pubAck.reasonCode.isError shouldBe false
            runCatching {
                c.publishWith().topic("big/too").qos(MqttQos.AT_LEAST_ONCE).payload(ByteArray(128 * 1024 + 1)).send()
            }
            emu.awaitEvent { it is EmulatorEvent.ClientDisconnected && it.clientId == "big-payload" }
            emu.awaitEvent {
                it is EmulatorEvent.MessagePublished &&
                    it.topic == "big/ok" &&
                    it.payloadSize == 128 * 1024
            }
        }

        test("devices can publish to \$aws/ reserved topics and subscribers receive them") {
            val sub = plain5(emu, "dollar-sub")
            sub.connect()
            val publishes = sub.publishes(MqttGlobalPublishFilter.ALL)
            sub.subscribeWith().topicFilter("\$aws/things/t1/shadow/update").qos(MqttQos.AT_LEAST_ONCE).send()
            val pub = plain5(emu, "dollar-pub")
            pub.connect()
            pubAckCode {
                pub.publishWith().topic(
                    "\$aws/things/t1/shadow/update",
                ).qos(MqttQos.AT_LEAST_ONCE).payload("{}".toByteArray()).send()
            }.isError shouldBe
                false
            val got = publishes.receive(10, TimeUnit.SECONDS).get()
            got.topic.toString() shouldBe "\$aws/things/t1/shadow/update"
            String(got.payloadAsBytes) shouldBe "{}"
            pub.state.isConnected shouldBe true
            pub.disconnect()
            sub.disconnect()
        }

        test("QoS 2 subscriptions are granted QoS 1") {
            val c = plain5(emu, "qos2-sub")
            c.connect()
            c.subscribeWith().topicFilter("q/2").qos(MqttQos.EXACTLY_ONCE).send().reasonCodes shouldBe
                listOf(Mqtt5SubAckReasonCode.GRANTED_QOS_1)
            c.disconnect()
        }

        test("topics with more than 7 slashes or over 256 bytes are refused; \$aws/rules/<rule>/ is not counted") {
            val c = plain5(emu, "topic-limits")
            c.connect()
            fun pub(topic: String) =
                pubAckCode { c.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(byteArrayOf(1)).send() }
            pub("a/b/c/d/e/f/g/h").isError shouldBe false
            pub("a/b/c/d/e/f/g/h/i") shouldBe Mqtt5PubAckReasonCode.TOPIC_NAME_INVALID
            pub("\$aws/rules/myrule/a/b/c/d/e/f/g/h").isError shouldBe false
            pub("t/" + "x".repeat(300)) shouldBe Mqtt5PubAckReasonCode.TOPIC_NAME_INVALID
            pub("\$other/topic") shouldBe Mqtt5PubAckReasonCode.TOPIC_NAME_INVALID
            c.disconnect()
        }

        test("MQTT 5 keep-alive above 1200 becomes 1200, announced in CONNACK") {
            val c = MqttClient.builder().useMqttVersion5().identifier(
                "keepalive",
            ).serverHost("localhost").serverPort(emu.plainPort!!).buildBlocking()
            c.connectWith().keepAlive(5000).send().serverKeepAlive.asInt shouldBe 1200
            c.disconnect()
        }

        test("disconnectClient drops a client from the server side") {
            val c = plain5(emu, "to-be-kicked")
            c.connect()
            emu.awaitEvent { it is EmulatorEvent.ClientConnected && it.clientId == "to-be-kicked" }
            emu.disconnectClient("to-be-kicked") shouldBe true
            emu.awaitEvent {
                it is EmulatorEvent.ClientDisconnected &&
                    it.clientId == "to-be-kicked" &&
                    it.reason == "API_INITIATED_DISCONNECT"
            }
            emu.disconnectClient("to-be-kicked") shouldBe false
        }

        test("MQTT 3.1.1 QoS 2 publishes are refused by closing the connection (the broker's maximum QoS is 1)") {
            val c = plain3(emu, "qos2-pub")
            c.connect()
            runCatching { c.publishWith().topic("q/2").qos(MqttQos.EXACTLY_ONCE).payload(byteArrayOf(1)).send() }
            emu.awaitEvent { it is EmulatorEvent.ClientDisconnected && it.clientId == "qos2-pub" }
        }

        test("the service side can publish to devices, including \$aws/ topics, via admin") {
            val c = plain5(emu, "service-target")
            c.connect()
            val publishes = c.publishes(MqttGlobalPublishFilter.ALL)
            c.subscribeWith().topicFilter("\$aws/things/svc/jobs/notify").qos(MqttQos.AT_LEAST_ONCE).send()
            emu.admin.publish("\$aws/things/svc/jobs/notify", "{\"jobs\":{}}".toByteArray())
            String(publishes.receive(10, TimeUnit.SECONDS).get().payloadAsBytes) shouldBe "{\"jobs\":{}}"
            c.disconnect()
        }

        test(
            "subscription limits: at most 8 filters per SUBSCRIBE and 50 per connection (MQTT 5 SUBACK QUOTA_EXCEEDED)",
        ) {
            val c = plain5(emu, "sub-limits")
            c.connect()
            val nine = Mqtt5Subscribe.builder().addSubscriptions(
                (1..9).map {
                    Mqtt5Subscription.builder().topicFilter(
                        "nine/$it",
                    ).build()
                }.stream(),
            ).build()
            val e = io.kotest.assertions.throwables.shouldThrow<Mqtt5SubAckException> {
                c.subscribe(nine)
            }
            e.mqttMessage.reasonCodes.toSet() shouldBe setOf(Mqtt5SubAckReasonCode.QUOTA_EXCEEDED)
            (1..50).chunked(8).forEach { chunk ->
                val sub = Mqtt5Subscribe.builder().addSubscriptions(
                    chunk.map {
                        Mqtt5Subscription.builder().topicFilter(
                            "many/$it",
                        ).build()
                    }.stream(),
                ).build()
                c.subscribe(sub).reasonCodes.all { !it.isError } shouldBe true
            }
            io.kotest.assertions.throwables.shouldThrow<Mqtt5SubAckException> {
                c.subscribeWith().topicFilter("many/51").send()
            }
                .mqttMessage.reasonCodes shouldBe listOf(Mqtt5SubAckReasonCode.QUOTA_EXCEEDED)
            c.unsubscribeWith().topicFilter("many/1").send()
            c.subscribeWith().topicFilter("many/51").send().reasonCodes.all { !it.isError } shouldBe true
            c.state.isConnected shouldBe true
            c.disconnect()
        }
    })
