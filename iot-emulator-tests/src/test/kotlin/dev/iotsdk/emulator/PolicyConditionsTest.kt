package dev.iotsdk.emulator

import com.hivemq.client.mqtt.MqttGlobalPublishFilter
import com.hivemq.client.mqtt.datatypes.MqttQos
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode
import dev.iotsdk.emulator.internal.Policy
import dev.iotsdk.emulator.internal.PolicyEvaluator
import dev.iotsdk.emulator.internal.PolicyVariables
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.throwables.shouldThrowAny
import io.kotest.assertions.withClue
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.time.Instant
import java.util.concurrent.TimeUnit

private const val ARN = "arn:aws:iot:us-east-1:123456789012"

/** Whether a policy with one Allow statement of [condition] allows `iot:Publish` on `topic/t` for [variables]. */
private fun allows(condition: String, variables: PolicyVariables): Boolean {
    val policy = Policy.parse(
        "c",
        """{"Statement":[{"Effect":"Allow","Action":"iot:Publish","Resource":"*","Condition":$condition}]}""",
    )
    return PolicyEvaluator.isAllowed(listOf(policy), "iot:Publish", "$ARN:topic/t", variables)
}

/**
 * Issue 20 item 6. AWS IoT policies are IAM-style: a statement applies only when its `Condition` block holds (IAM User
 * Guide, "Condition operators"), over the IoT condition keys (DG "AWS IoT Core policy variables": thing, certificate
 * and client keys) and the global `aws:CurrentTime` and `aws:SourceIp`; policy variables are substituted as text, so
 * a client id `*` is a star, not a wildcard.
 */
class PolicyConditionsTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())
        val now = Instant.parse("2026-12-06T12:00:00Z")
        val keys = mapOf(
            "iot:Connection.Thing.ThingTypeName" to listOf("lamp"),
            "iot:Connection.Thing.Attributes[floor]" to listOf("3"),
            "iot:Certificate.Subject.CommonName" to listOf("lamp-7"),
            "aws:SourceIp" to listOf("127.0.0.1"),
            "test:Tags" to listOf("red", "blue"),
        )
        val vars = PolicyVariables("lamp-7", "lamp-7", true, { keys[it] }, { now })

        test("every condition operator family, negations, IfExists, Null and the set qualifiers") {
            val cases = mapOf(
                """{"StringEquals":{"iot:Connection.Thing.ThingTypeName":"lamp"}}""" to true,
                """{"StringEquals":{"iot:Connection.Thing.ThingTypeName":["fan","lamp"]}}""" to true,
                """{"StringNotEquals":{"iot:Connection.Thing.ThingTypeName":"lamp"}}""" to false,
                """{"StringEqualsIgnoreCase":{"iot:ClientId":"LAMP-7"}}""" to true,
                """{"StringLike":{"iot:ClientId":"lamp-*"}}""" to true,
                """{"StringNotLike":{"iot:ClientId":"fan-*"}}""" to true,
                """{"StringEquals":{"iot:ClientId":"${'$'}{iot:Connection.Thing.ThingName}"}}""" to true,
                """{"NumericGreaterThanEquals":{"iot:Connection.Thing.Attributes[floor]":"3"}}""" to true,
                """{"NumericLessThan":{"iot:Connection.Thing.Attributes[floor]":"3"}}""" to false,
                """{"DateLessThan":{"aws:CurrentTime":"2027-01-01T00:00:00Z"}}""" to true,
                """{"DateGreaterThan":{"aws:CurrentTime":"2027-01-01T00:00:00Z"}}""" to false,
                """{"Bool":{"iot:Connection.Thing.IsAttached":"true"}}""" to true,
                """{"IpAddress":{"aws:SourceIp":"127.0.0.0/8"}}""" to true,
                """{"NotIpAddress":{"aws:SourceIp":"127.0.0.0/8"}}""" to false,
                """{"ArnLike":{"iot:Certificate.Subject.CommonName":"lamp-?"}}""" to true,
                """{"StringEquals":{"iot:Connection.Thing.Attributes[missing]":"x"}}""" to false,
                """{"StringEqualsIfExists":{"iot:Connection.Thing.Attributes[missing]":"x"}}""" to true,
                """{"Null":{"iot:Connection.Thing.Attributes[missing]":"true"}}""" to true,
                """{"Null":{"iot:Connection.Thing.ThingTypeName":"true"}}""" to false,
                """{"ForAnyValue:StringEquals":{"test:Tags":"blue"}}""" to true,
                """{"ForAllValues:StringEquals":{"test:Tags":["red","blue","green"]}}""" to true,
                """{"ForAllValues:StringEquals":{"test:Tags":"red"}}""" to false,
                // two operators: both must hold
                """{"Bool":{"iot:Connection.Thing.IsAttached":"true"},"StringEquals":{"iot:ClientId":"other"}}""" to
                    false,
            )
            for ((condition, expected) in cases) withClue(condition) { allows(condition, vars) shouldBe expected }
            shouldThrow<IllegalArgumentException> { allows("""{"StringSoundsLike":{"iot:ClientId":"x"}}""", vars) }
        }

        test("a conditional Allow on iot:Connection.Thing.IsAttached admits attached certificates only") {
            emu.createPolicy(
                "cond-attached",
                """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:*","Resource":"*",
                  "Condition":{"Bool":{"iot:Connection.Thing.IsAttached":"true"}}}]}""",
            )
            val device = emu.registerThing("cond-device")
            emu.attachPolicy("cond-attached", device.certificateId)
            val claim = emu.issueClaimCertificate("cond-template")
            emu.detachPolicy(claim.policyName, claim.certificateId)
            emu.attachPolicy("cond-attached", claim.certificateId)
            val unattached =
                DeviceIdentity(
                    "none",
                    claim.certificateId,
                    claim.certificatePem,
                    claim.privateKeyPem,
                    emu.caPath,
                    emu.caPath,
                )
            shouldThrowAny { mqtt5(emu, "cond-unattached", unattached).connect() }
            emu.awaitEvent {
                it is EmulatorEvent.ConnectionRefused &&
                    it.clientId == "cond-unattached" &&
                    it.reason == "iot:Connect denied by policy"
            }
            val attached = mqtt5(emu, "cond-device", device).also { it.connect() }
            attached.disconnect()
        }

        test("a client id substituted into \${iot:ClientId} is literal text: '*' reaches no other client's topics") {
            emu.createPolicy(
                "cond-own-topics",
                """{"Version":"2012-10-17","Statement":[
                  {"Effect":"Allow","Action":"iot:Connect","Resource":"*"},
                  {"Effect":"Allow","Action":["iot:Publish","iot:Receive"],"Resource":"$ARN:topic/clients/${'$'}{iot:ClientId}/*"},
                  {"Effect":"Allow","Action":"iot:Subscribe","Resource":"$ARN:topicfilter/clients/${'$'}{iot:ClientId}/*"}]}""",
            )
            val device = emu.registerThing("cond-shared")
            emu.attachPolicy("cond-own-topics", device.certificateId)
            val victim = mqtt5(emu, "victim", device).also { it.connect() }
            val inbox = victim.publishes(MqttGlobalPublishFilter.ALL)
            victim.subscribeWith().topicFilter("clients/victim/cmd").qos(MqttQos.AT_LEAST_ONCE).send()
            val star = mqtt5(emu, "*", device).also { it.connect() }
            pubAckCode {
                star.publishWith().topic(
                    "clients/victim/cmd",
                ).qos(MqttQos.AT_LEAST_ONCE).payload("evil".toByteArray()).send()
            } shouldBe Mqtt5PubAckReasonCode.NOT_AUTHORIZED
            shouldThrow<Mqtt5SubAckException> {
                star.subscribeWith().topicFilter("clients/victim/cmd").qos(MqttQos.AT_LEAST_ONCE).send()
            }.mqttMessage.reasonCodes shouldBe listOf(Mqtt5SubAckReasonCode.NOT_AUTHORIZED)
            pubAckCode {
                star.publishWith().topic(
                    "clients/*/status",
                ).qos(MqttQos.AT_LEAST_ONCE).payload("mine".toByteArray()).send()
            }.isError shouldBe false
            // the victim is served, and got only its own traffic
            emu.publish("clients/victim/cmd", "genuine".toByteArray(), 1, false)
            String(inbox.receive(10, TimeUnit.SECONDS).get().payloadAsBytes) shouldBe "genuine"
            listOf(star, victim).forEach { it.disconnect() }
        }
    })
