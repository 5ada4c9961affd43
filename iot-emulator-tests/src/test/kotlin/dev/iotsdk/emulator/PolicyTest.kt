package dev.iotsdk.emulator

import com.hivemq.client.mqtt.MqttClient
import com.hivemq.client.mqtt.MqttGlobalPublishFilter
import com.hivemq.client.mqtt.datatypes.MqttQos
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.throwables.shouldThrowAny
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.net.URLDecoder
import java.util.concurrent.TimeUnit

private const val THING_POLICY = """{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "iot:Connect", "Resource": "arn:aws:iot:us-east-1:123456789012:client/${'$'}{iot:Connection.Thing.ThingName}"},
    {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"], "Resource": "arn:aws:iot:us-east-1:123456789012:topic/things/${'$'}{iot:ClientId}/*"},
    {"Effect": "Allow", "Action": "iot:Subscribe", "Resource": "arn:aws:iot:us-east-1:123456789012:topicfilter/things/${'$'}{iot:ClientId}/*"},
    {"Effect": "Deny", "Action": "iot:Publish", "Resource": "arn:aws:iot:us-east-1:123456789012:topic/things/*/forbidden"}
  ]
}"""

class PolicyTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())
        emu.createPolicy("thing-policy", THING_POLICY)

        fun device(name: String): DeviceIdentity = emu.registerThing(name).also {
            emu.attachPolicy("thing-policy", it.certificateId)
        }

        test("policy variables: the thing may connect with its own name as client id, not another") {
            val d = device("pol-a")
            mqtt5(emu, "pol-a", d).apply {
                connect()
                disconnect()
            }
            val e = shouldThrow<Mqtt5ConnAckException> { mqtt5(emu, "someone-else", d).connect() }
            e.mqttMessage.reasonCode shouldBe Mqtt5ConnAckReasonCode.NOT_AUTHORIZED
            val e3 = shouldThrow<Mqtt3ConnAckException> { mqtt3(emu, "someone-else-3", d).connect() }
            e3.mqttMessage.returnCode shouldBe Mqtt3ConnAckReturnCode.NOT_AUTHORIZED
            emu.awaitEvent {
                it is EmulatorEvent.AuthorizationDenied &&
                    it.action == "iot:Connect" &&
                    it.resource.endsWith("client/someone-else")
            }
        }

        test(
            "MQTT 5: an allowed publish is acknowledged, a denied one gets PUBACK NOT_AUTHORIZED, explicit Deny wins",
        ) {
            val d = device("pol-b")
            val c = mqtt5(emu, "pol-b", d)
            c.connect()
            val ok = c.publishWith().topic(
                "things/pol-b/data",
            ).qos(MqttQos.AT_LEAST_ONCE).payload("x".toByteArray()).send()
            // SUCCESS or NO_MATCHING_SUBSCRIBERS
            (ok as Mqtt5PublishResult.Mqtt5Qos1Result).pubAck.reasonCode.isError shouldBe false
            pubAckCode {
                c.publishWith().topic("things/other/data").qos(MqttQos.AT_LEAST_ONCE).payload("x".toByteArray()).send()
            } shouldBe Mqtt5PubAckReasonCode.NOT_AUTHORIZED
            pubAckCode {
                c.publishWith().topic(
                    "things/pol-b/forbidden",
                ).qos(MqttQos.AT_LEAST_ONCE).payload("x".toByteArray()).send()
            } shouldBe Mqtt5PubAckReasonCode.NOT_AUTHORIZED
            c.state.isConnected shouldBe true
            c.disconnect()
        }

        test("MQTT 5: a denied subscription gets SUBACK NOT_AUTHORIZED and the connection stays") {
            val d = device("pol-c")
            val c = mqtt5(emu, "pol-c", d)
            c.connect()
            c.subscribeWith().topicFilter("things/pol-c/#").qos(MqttQos.AT_LEAST_ONCE).send()
                .reasonCodes shouldBe listOf(Mqtt5SubAckReasonCode.GRANTED_QOS_1)
            val e = shouldThrow<Mqtt5SubAckException> { c.subscribeWith().topicFilter("things/other/#").send() }
            e.mqttMessage.reasonCodes shouldBe listOf(Mqtt5SubAckReasonCode.NOT_AUTHORIZED)
            c.state.isConnected shouldBe true
            c.disconnect()
        }

        test("MQTT 3.1.1: a denied publish closes the connection") {
            val d = device("pol-d")
            val c = mqtt3(emu, "pol-d", d)
            c.connect()
            c.publishWith().topic("things/other/data").qos(MqttQos.AT_MOST_ONCE).payload("x".toByteArray()).send()
            emu.awaitEvent { it is EmulatorEvent.ClientDisconnected && it.clientId == "pol-d" }
        }

        test("MQTT 3.1.1: a denied subscribe closes the connection") {
            val d = device("pol-e")
            val c = mqtt3(emu, "pol-e", d)
            c.connect()
            shouldThrowAny { c.subscribeWith().topicFilter("things/other/#").send() }
            emu.awaitEvent { it is EmulatorEvent.ClientDisconnected && it.clientId == "pol-e" }
        }

        test("iot:Receive is enforced on delivery; nothing attached means the default (allow-all) policy") {
            emu.createPolicy(
                "no-receive",
                """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:*","Resource":"*"},{"Effect":"Deny","Action":"iot:Receive","Resource":"arn:aws:iot:us-east-1:123456789012:topic/secret/*"}]}""",
            )
            val d = emu.registerThing("pol-f")
            emu.attachPolicy("no-receive", d.certificateId)
            val sub = mqtt5(emu, "pol-f", d)
            sub.connect()
            val publishes = sub.publishes(MqttGlobalPublishFilter.ALL)
            sub.subscribeWith().topicFilter("+/x").qos(MqttQos.AT_LEAST_ONCE).send()
            val pub = plain5(emu, "pol-f-publisher")
            pub.connect()
            pub.publishWith().topic("secret/x").qos(MqttQos.AT_LEAST_ONCE).payload("s".toByteArray()).send()
            pub.publishWith().topic("public/x").qos(MqttQos.AT_LEAST_ONCE).payload("p".toByteArray()).send()
            val got = publishes.receive(10, TimeUnit.SECONDS).get()
            got.topic.toString() shouldBe "public/x"
            emu.awaitEvent {
                it is EmulatorEvent.AuthorizationDenied && it.action == "iot:Receive" && it.clientId == "pol-f"
            }
            pub.disconnect()
            sub.disconnect()
        }

        test("policies attached to a SigV4 access key apply to WebSocket clients") {
            emu.createPolicy(
                "deny-connect",
                """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iot:Connect","Resource":"*"}]}""",
            )
            val creds = emu.registerCredentials("AKIADENIED", "secret")
            emu.attachPolicy("deny-connect", creds.accessKeyId)
            val q = URLDecoder.decode(
                TestPresigner.presign("localhost:${emu.port443}", creds.accessKeyId, creds.secretAccessKey, emu.region),
                "UTF-8",
            )
            val client = MqttClient.builder().useMqttVersion5().identifier(
                "wss-denied",
            ).serverHost(emu.endpoint).serverPort(emu.port443)
                .sslConfig(
                    Tls.clientSsl(emu, null),
                ).webSocketConfig().serverPath("mqtt").queryString(q).applyWebSocketConfig().buildBlocking()
            shouldThrow<Mqtt5ConnAckException> { client.connect() }.mqttMessage.reasonCode shouldBe
                Mqtt5ConnAckReasonCode.NOT_AUTHORIZED
        }

        test("a policy attached by certificate ARN, as AWS IoT's AttachPolicy takes it, applies to that certificate") {
            val d = emu.registerThing("pol-arn")
            val arn = "arn:aws:iot:${emu.region}:123456789012:cert/${d.certificateId}"
            emu.attachPolicy("thing-policy", arn)
            // the thing policy lets the certificate connect only as its thing (nothing attached would allow all)
            shouldThrow<Mqtt5ConnAckException> { mqtt5(emu, "pol-arn-other", d).connect() }
                .mqttMessage.reasonCode shouldBe Mqtt5ConnAckReasonCode.NOT_AUTHORIZED
            emu.detachPolicy("thing-policy", arn)
            mqtt5(emu, "pol-arn-other", d).apply {
                connect()
                disconnect()
            }
            val unknown = "arn:aws:iot:${emu.region}:123456789012:cert/${"0".repeat(64)}"
            shouldThrow<IllegalArgumentException> { emu.attachPolicy("thing-policy", unknown) }
        }

        test("invalid policy documents are rejected") {
            shouldThrow<IllegalArgumentException> { emu.createPolicy("bad", "{not json") }
            shouldThrow<IllegalArgumentException> {
                emu.createPolicy("bad", """{"Statement":[{"Effect":"Maybe","Action":"iot:*","Resource":"*"}]}""")
            }
            shouldThrow<IllegalArgumentException> { emu.attachPolicy("does-not-exist", "x") }
        }
    })
