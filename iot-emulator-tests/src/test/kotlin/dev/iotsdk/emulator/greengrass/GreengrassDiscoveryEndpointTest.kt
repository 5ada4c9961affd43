package dev.iotsdk.emulator.greengrass

import dev.iotsdk.emulator.EmulatorEvent
import dev.iotsdk.emulator.IotEmulatorExtension
import dev.iotsdk.emulator.Tls
import io.kotest.assertions.throwables.shouldThrowAny
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.int
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import java.io.BufferedReader
import java.io.InputStreamReader
import javax.net.ssl.SSLContext
import javax.net.ssl.SSLSocket

/** Sends `GET <target>` on [s]; returns the status line, the lower-cased headers and the body. */
private fun get(s: SSLSocket, target: String): Triple<String, Map<String, String>, String> {
    s.outputStream.write(
        (
            "GET $target HTTP/1.1\r\nHost: greengrass-ats.iot.us-east-1.amazonaws.com\r\n" +
                "Connection: close\r\n\r\n"
            ).toByteArray(),
    )
    s.outputStream.flush()
    val reader = BufferedReader(InputStreamReader(s.inputStream))
    val status = reader.readLine() ?: "<closed>"
    val headers = generateSequence { reader.readLine()?.takeIf { it.isNotEmpty() } }
        .associate { it.substringBefore(':').lowercase() to it.substringAfter(':').trim() }
    return Triple(status, headers, reader.readText())
}

class GreengrassDiscoveryEndpointTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())

        test(
            "8443 with the device certificate answers AWS's documented shape: GGGroups, GGGroupId, " +
                "Cores/thingArn/Connectivity, CAs",
        ) {
            val device = emu.registerThing("ep-device")
            val group = emu.greengrass.createGroup("ep-group")
            emu.greengrass.addThingToGroup("ep-device", group.groupId)
            emu.greengrass.setConnectivity(
                group.groupId,
                listOf(EmulatedConnectivity("AUTOIP_192.168.1.4_1", "192.168.1.5", 8883)),
            )
            val (status, _, body) = Tls.socket(
                emu,
                emu.port8443,
                emptyList(),
                device.certificatePem to device.privateKeyPem,
            )
                .use { get(it, "/greengrass/discover/thing/ep-device") }
            status shouldStartWith "HTTP/1.1 200"
            val root = Json.parseToJsonElement(body).jsonObject
            root.keys shouldBe setOf("GGGroups")
            val g = root.getValue("GGGroups").jsonArray.single().jsonObject
            g.keys shouldBe setOf("GGGroupId", "Cores", "CAs")
            g.getValue("GGGroupId").jsonPrimitive.content shouldBe "ep-group"
            val core = g.getValue("Cores").jsonArray.single().jsonObject
            core.getValue("thingArn").jsonPrimitive.content shouldBe
                "arn:aws:iot:${emu.region}:${emu.accountId}:thing/ep-group_Core"
            val c = core.getValue("Connectivity").jsonArray.single().jsonObject
            c.keys shouldBe setOf("Id", "HostAddress", "PortNumber", "Metadata")
            c.getValue("PortNumber").jsonPrimitive.int shouldBe 8883
            (c.getValue("PortNumber") as JsonPrimitive).isString shouldBe false
            c.getValue("Metadata").jsonPrimitive.content shouldBe ""
            (g.getValue("CAs") as JsonArray).single().jsonPrimitive.content shouldBe group.caCertificatePem
        }

        test("443 needs ALPN x-amzn-http-ca and a client certificate; 8443 refuses a TLS client without one") {
            val device = emu.registerThing("ep-443")
            emu.greengrass.addThingToGroup("ep-443", emu.greengrass.createGroup().groupId)
            val identity = device.certificatePem to device.privateKeyPem
            Tls.socket(emu, emu.port443, listOf("x-amzn-http-ca"), identity).use {
                get(it, "/greengrass/discover/thing/ep-443")
            }
                .first shouldStartWith "HTTP/1.1 200"
            val (status, headers, _) = Tls.socket(emu, emu.port443, emptyList(), identity).use {
                get(it, "/greengrass/discover/thing/ep-443")
            }
            status shouldStartWith "HTTP/1.1 401"
            headers["x-amzn-errortype"] shouldBe "UnauthorizedException"
            Tls.socket(emu, emu.port443, listOf("x-amzn-http-ca")).use {
                get(it, "/greengrass/discover/thing/ep-443")
            }.first shouldStartWith
                "HTTP/1.1 401"
            shouldThrowAny {
                Tls.socket(emu, emu.port8443, emptyList()).use { get(it, "/greengrass/discover/thing/ep-443") }
            }
            emu.awaitEvent { it is EmulatorEvent.ConnectionRefused && it.listener == EmulatorEvent.LISTENER_8443 }
        }

        test("404 for a thing in no group, 403 when the policy lacks greengrass:Discover, 429 while throttled") {
            val device = emu.registerThing("ep-errors")
            val identity = device.certificatePem to device.privateKeyPem
            fun status() = Tls.socket(emu, emu.port8443, emptyList(), identity).use {
                get(it, "/greengrass/discover/thing/ep-errors")
            }
            val (notFound, headers, body) = status()
            notFound shouldStartWith "HTTP/1.1 404"
            headers["x-amzn-requestid"]?.isNotEmpty() shouldBe true
            body shouldContain "ep-errors"
            emu.greengrass.addThingToGroup("ep-errors", emu.greengrass.createGroup().groupId)
            emu.greengrass.throttleDiscovery(1)
            status().first shouldStartWith "HTTP/1.1 429"
            status().first shouldStartWith "HTTP/1.1 200"
            emu.createPolicy(
                "ep-other",
                """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"greengrass:Discover","Resource":"arn:aws:iot:*:*:thing/other"}]}""",
            )
            emu.attachPolicy("ep-other", device.certificateId)
            status().first shouldStartWith "HTTP/1.1 403"
        }

        test("a started core serves TLS with a certificate signed by the group CA, not the emulator CA") {
            val device = emu.registerThing("ep-core")
            val group = emu.greengrass.createGroup("ep-core-group")
            val core = emu.greengrass.startCore(group.groupId)
            emu.greengrass.connectivity(group.groupId).single().portNumber shouldBe core.port
            val ctx = SSLContext.getInstance("TLS").apply {
                init(
                    Tls.kmf(device.certificatePem, device.privateKeyPem).keyManagers,
                    Tls.tmf(group.caCertificatePem).trustManagers,
                    null,
                )
            }
            (ctx.socketFactory.createSocket("localhost", core.port) as SSLSocket).use { it.startHandshake() }
            shouldThrowAny {
                Tls.socket(emu, core.port, emptyList(), device.certificatePem to device.privateKeyPem).use {
                    it.outputStream.write(1)
                }
            }
        }
    })
