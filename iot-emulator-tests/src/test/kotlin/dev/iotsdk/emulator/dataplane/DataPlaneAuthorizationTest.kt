package dev.iotsdk.emulator.dataplane

import com.hivemq.client.mqtt.MqttGlobalPublishFilter
import com.hivemq.client.mqtt.datatypes.MqttQos
import dev.iotsdk.emulator.DeviceIdentity
import dev.iotsdk.emulator.EmulatorEvent
import dev.iotsdk.emulator.IotEmulator
import dev.iotsdk.emulator.IotEmulatorExtension
import dev.iotsdk.emulator.Tls
import dev.iotsdk.emulator.mqtt5
import io.kotest.assertions.throwables.shouldThrowAny
import io.kotest.assertions.withClue
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.util.concurrent.TimeUnit

/** An HTTPS client on the 8443 port presenting [device]'s certificate. */
private class CertificateCaller(private val emu: IotEmulator, device: DeviceIdentity) {
    private val http = HttpClient.newBuilder()
        .sslContext(Tls.context(emu.caCertificatePem, device.certificatePem to device.privateKeyPem)).build()

    fun send(method: String, pathAndQuery: String, body: String = ""): HttpResponse<String> = http.send(
        HttpRequest.newBuilder(URI("https://localhost:${emu.port8443}$pathAndQuery"))
            .method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString(),
    )
}

/**
 * Issue 20 item 2. AWS's rule (DG "AWS IoT Core action resources" and "AWS IoT Core policy actions"): an HTTPS call
 * made with a certificate is authorized by the certificate's IoT policy, action by action: `iot:GetThingShadow`,
 * `iot:UpdateThingShadow` and `iot:DeleteThingShadow` on `thing/<thing>[/<shadow>]`, `iot:ListNamedShadowsForThing` and
 * `iot:ListRetainedMessages` on `*`, `iot:Publish` and `iot:GetRetainedMessage` on `topic/<topic>`,
 * `iot:DeleteConnection` on `client/<clientId>`. A denied call answers 403 `ForbiddenException` (observed from AWS IoT,
 * aws-iot-device-sdk-js issue 70, aws-sdk-android issue 500).
 */
class DataPlaneAuthorizationTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())

        test("a certificate whose policy denies iot:* can read, change, publish and disconnect nothing over HTTPS") {
            emu.createPolicy(
                "dp-deny-all",
                """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iot:*","Resource":"*"}]}""",
            )
            val attackerDevice = emu.registerThing("dp-attacker")
            emu.attachPolicy("dp-deny-all", attackerDevice.certificateId)
            val victimDevice = emu.registerThing("dp-victim")
            emu.updateShadow("dp-victim", null, """{"state":{"reported":{"secret":42}}}""")
            emu.updateShadow("dp-victim", "named", """{"state":{"reported":{"n":1}}}""")
            emu.publish("dp/victim/retained", "kept".toByteArray(), 1, true)
            val victim = mqtt5(emu, "dp-victim-client", victimDevice).also { it.connect() }
            val inbox = victim.publishes(MqttGlobalPublishFilter.ALL)
            victim.subscribeWith().topicFilter("dp/victim/in").qos(MqttQos.AT_LEAST_ONCE).send()
            shouldThrowAny { mqtt5(emu, "dp-attacker", attackerDevice).connect() }

            val attacker = CertificateCaller(emu, attackerDevice)
            val attempts = mapOf(
                "GetThingShadow" to attacker.send("GET", "/things/dp-victim/shadow"),
                "GetThingShadow named" to attacker.send("GET", "/things/dp-victim/shadow?name=named"),
                "UpdateThingShadow" to
                    attacker.send("POST", "/things/dp-victim/shadow", """{"state":{"desired":{"x":1}}}"""),
                "DeleteThingShadow" to attacker.send("DELETE", "/things/dp-victim/shadow?name=named"),
                "ListNamedShadowsForThing" to
                    attacker.send("GET", "/api/things/shadow/ListNamedShadowsForThing/dp-victim"),
                "Publish" to attacker.send("POST", "/topics/dp%2Fvictim%2Fin?qos=1", "forged"),
                "GetRetainedMessage" to attacker.send("GET", "/retainedMessage/dp%2Fvictim%2Fretained"),
                "ListRetainedMessages" to attacker.send("GET", "/retainedMessage"),
                "DeleteConnection" to attacker.send("DELETE", "/connections/dp-victim-client"),
            )
            for ((operation, response) in attempts) {
                withClue(operation) {
                    response.statusCode() shouldBe 403
                    response.headers().firstValue("x-amzn-ErrorType").orElse(null) shouldBe "ForbiddenException:"
                }
            }
            emu.awaitEvent {
                it is EmulatorEvent.AuthorizationDenied &&
                    it.clientId == attackerDevice.certificateId &&
                    it.action == "iot:DeleteConnection"
            }
            // nothing happened to the victim, which goes on being served
            emu.shadow("dp-victim")!! shouldContain "\"secret\":42"
            emu.shadow("dp-victim")!!.contains("desired") shouldBe false
            emu.shadow("dp-victim", "named") shouldContain "\"n\":1"
            emu.connectedClients().contains("dp-victim-client") shouldBe true
            emu.publish("dp/victim/in", "genuine".toByteArray(), 1, false)
            String(inbox.receive(10, TimeUnit.SECONDS).get().payloadAsBytes) shouldBe "genuine"
            victim.disconnect()
        }

        test("policy variables scope a certificate to its own thing's shadow and topics") {
            emu.createPolicy(
                "dp-own-thing",
                """{"Version":"2012-10-17","Statement":[
                  {"Effect":"Allow","Action":["iot:GetThingShadow","iot:UpdateThingShadow"],
                   "Resource":"arn:aws:iot:${emu.region}:${emu.accountId}:thing/${'$'}{iot:Connection.Thing.ThingName}"},
                  {"Effect":"Allow","Action":"iot:Publish",
                   "Resource":"arn:aws:iot:${emu.region}:${emu.accountId}:topic/dp/${'$'}{iot:Connection.Thing.ThingName}/*"},
                  {"Effect":"Allow","Action":"iot:Publish",
                   "Resource":"arn:aws:iot:${emu.region}:${emu.accountId}:topic/dp/client/${'$'}{iot:ClientId}"}]}""",
            )
            val device = emu.registerThing("dp-scoped")
            emu.attachPolicy("dp-own-thing", device.certificateId)
            emu.registerThing("dp-neighbour")
            val caller = CertificateCaller(emu, device)
            caller.send(
                "POST",
                "/things/dp-scoped/shadow",
                """{"state":{"reported":{"ok":true}}}""",
            ).statusCode() shouldBe
                200
            caller.send("GET", "/things/dp-scoped/shadow").statusCode() shouldBe 200
            caller.send("POST", "/topics/dp%2Fdp-scoped%2Ftelemetry").statusCode() shouldBe 200
            caller.send("GET", "/things/dp-neighbour/shadow").statusCode() shouldBe 403
            caller.send(
                "POST",
                "/things/dp-neighbour/shadow",
                """{"state":{"desired":{"x":1}}}""",
            ).statusCode() shouldBe
                403
            caller.send("DELETE", "/things/dp-scoped/shadow").statusCode() shouldBe 403
            caller.send("POST", "/topics/dp%2Fdp-neighbour%2Ftelemetry").statusCode() shouldBe 403
            // HTTPS calls have no client id: ${iot:ClientId} matches nothing, not even "*"
            caller.send("POST", "/topics/dp%2Fclient%2F%2A").statusCode() shouldBe 403
            emu.shadow("dp-neighbour") shouldBe null
        }
    })
