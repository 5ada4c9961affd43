package dev.iotsdk.emulator

import com.hivemq.client.mqtt.MqttGlobalPublishFilter
import com.hivemq.client.mqtt.datatypes.MqttQos
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode
import io.kotest.assertions.throwables.shouldThrowAny
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.util.concurrent.TimeUnit

/**
 * `iot:RetainPublish` (issue 20 item 4; AWS IoT DG "Retained message policy examples": "For a device to publish
 * retained messages, the device must be able to connect, publish (any MQTT message), and publish MQTT retained
 * messages", i.e. `iot:Publish` and `iot:RetainPublish` on the topic). A certificate whose policy allows `iot:Publish`
 * only has its retained publishes refused on MQTT 5 (PUBACK NOT_AUTHORIZED), MQTT 3.1.1 (disconnected) and HTTPS
 * (403), and nothing is retained; its plain publishes go through.
 */
class RetainPublishTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())

        fun policy(vararg actions: String) =
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[${actions.joinToString(",") {
                "\"$it\""
            }}],""" +
                """"Resource":"*"}]}"""

        fun device(name: String, policyName: String): DeviceIdentity = emu.registerThing(name).also {
            emu.attachPolicy(policyName, it.certificateId)
        }

        emu.createPolicy("no-retain", policy("iot:Connect", "iot:Publish", "iot:Subscribe", "iot:Receive"))
        emu.createPolicy(
            "with-retain",
            policy("iot:Connect", "iot:Publish", "iot:Subscribe", "iot:Receive", "iot:RetainPublish"),
        )

        fun post(device: DeviceIdentity, topic: String, retain: Boolean): Int {
            val http = HttpClient.newBuilder()
                .sslContext(Tls.context(emu.caCertificatePem, device.certificatePem to device.privateKeyPem)).build()
            return http.send(
                HttpRequest.newBuilder(URI("https://localhost:${emu.port8443}/topics/$topic?qos=1&retain=$retain"))
                    .POST(HttpRequest.BodyPublishers.ofString("r")).build(),
                HttpResponse.BodyHandlers.discarding(),
            ).statusCode()
        }

        test("a retained publish needs iot:RetainPublish on MQTT 5, MQTT 3.1.1 and HTTPS") {
            val d = device("rt-plain", "no-retain")
            val c = mqtt5(emu, "rt-plain", d).also { it.connect() }
            fun publish(topic: String, retain: Boolean) = pubAckCode {
                c.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(retain).payload("r".toByteArray()).send()
            }
            publish("rt/state", retain = true) shouldBe Mqtt5PubAckReasonCode.NOT_AUTHORIZED
            emu.awaitEvent { it is EmulatorEvent.AuthorizationDenied && it.action == "iot:RetainPublish" }
            publish("rt/state", retain = false) shouldBe Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS
            post(d, "rt/http", retain = true) shouldBe 403
            post(d, "rt/http", retain = false) shouldBe 200
            c.disconnect()

            val c3 = mqtt3(emu, "rt-plain-3", device("rt-plain-3", "no-retain")).also { it.connect() }
            shouldThrowAny {
                c3.publishWith().topic("rt/state3").qos(MqttQos.AT_LEAST_ONCE).retain(true).payload("r".toByteArray())
                    .send()
            }
            emu.awaitEvent { it is EmulatorEvent.ClientDisconnected && it.clientId == "rt-plain-3" }

            // nothing was retained: a new subscriber to the topics gets no message, then the allowed one
            val reader = mqtt5(emu, "rt-reader", device("rt-reader", "with-retain")).also { it.connect() }
            val got = reader.publishes(MqttGlobalPublishFilter.ALL)
            reader.subscribeWith().topicFilter("rt/state").qos(MqttQos.AT_LEAST_ONCE).send()
            reader.subscribeWith().topicFilter("rt/http").qos(MqttQos.AT_LEAST_ONCE).send()
            reader.subscribeWith().topicFilter("rt/state3").qos(MqttQos.AT_LEAST_ONCE).send()
            reader.publishWith().topic("rt/marker").qos(MqttQos.AT_LEAST_ONCE).payload("m".toByteArray()).send()
            reader.subscribeWith().topicFilter("rt/marker").qos(MqttQos.AT_LEAST_ONCE).send()
            reader.publishWith().topic("rt/marker").qos(MqttQos.AT_LEAST_ONCE).payload("m".toByteArray()).send()
            got.receive(10, TimeUnit.SECONDS).orElseThrow().topic.toString() shouldBe "rt/marker"
            reader.disconnect()
        }

        test("with iot:RetainPublish the retained message is kept and given to a later subscriber") {
            val d = device("rt-allowed", "with-retain")
            val c = mqtt5(emu, "rt-allowed", d).also { it.connect() }
            pubAckCode {
                c.publishWith().topic(
                    "rt/kept",
                ).qos(MqttQos.AT_LEAST_ONCE).retain(true).payload("k".toByteArray()).send()
            } shouldBe Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS
            post(d, "rt/kept-http", retain = true) shouldBe 200
            val got = c.publishes(MqttGlobalPublishFilter.ALL)
            c.subscribeWith().topicFilter("rt/kept").qos(MqttQos.AT_LEAST_ONCE).send()
            got.receive(10, TimeUnit.SECONDS).orElseThrow().isRetain shouldBe true
            c.disconnect()
        }
    })
