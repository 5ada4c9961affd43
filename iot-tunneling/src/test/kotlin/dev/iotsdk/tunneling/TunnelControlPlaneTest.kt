package dev.iotsdk.tunneling

import dev.iotsdk.test.IotEmulatorExtension
import dev.iotsdk.test.plainClient
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.mapNotNull
import kotlinx.coroutines.withTimeout
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlin.time.Duration.Companion.seconds

/** The emulator's tunneling control plane as the AWS CLI calls it, and its effect on connected clients. */
class TunnelControlPlaneTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())
        val control by lazy { TunnelControl(emulator) }

        fun source(token: String) = SecureTunnelConfig {
            mode = TunnelMode.SOURCE
            accessToken = token
            onEmulator(emulator)
            source("SSH", 0)
        }

        test("describe and list report status and connection state; close drops the clients and refuses new ones") {
            val t = control.open("cp-thing", "SSH")
            val tunnel = control.describe(t.id).getValue("tunnel").jsonObject
            tunnel.getValue("status").jsonPrimitive.content shouldBe "OPEN"
            tunnel.getValue("destinationConfig").jsonObject.getValue("thingName").jsonPrimitive.content shouldBe
                "cp-thing"
            SecureTunnel(source(t.sourceToken)).use { s ->
                s.start()
                withTimeout(10.seconds) { s.awaitConnected() }
                control.describe(t.id).getValue("tunnel").jsonObject.getValue("sourceConnectionState").jsonObject
                    .getValue("status").jsonPrimitive.content shouldBe "CONNECTED"
                val (_, listed) = control.call("ListTunnels", """{"thingName":"cp-thing"}""")
                listed.getValue("tunnelSummaries").jsonArray.map {
                    it.jsonObject.getValue("tunnelId").jsonPrimitive.content
                } shouldBe listOf(t.id)
                control.call("CloseTunnel", """{"tunnelId":"${t.id}"}""").first shouldBe 200
                // the service closes the WebSocket; the reconnect is refused (410), so the tunnel stops
                withTimeout(10.seconds) { s.state.first { it == TunnelState.CLOSED } }
                (s.failure.value as TunnelHandshakeException).status shouldBe 410
            }
            control.describe(t.id).getValue("tunnel").jsonObject.getValue("status").jsonPrimitive.content shouldBe
                "CLOSED"
        }

        test("rotating the destination token revokes the old one and notifies the device with the new one") {
            emulator.plainClient("rotating-thing").use { mqtt ->
                mqtt.connect()
                val t = control.open("rotating-thing", "SSH")
                mqtt.openSubscription(TunnelNotification.topic("rotating-thing")).use { sub ->
                    val (status, rotated) = control.call(
                        "RotateTunnelAccessToken",
                        """{"tunnelId":"${t.id}","clientMode":"DESTINATION"}""",
                    )
                    status shouldBe 200
                    val fresh = rotated.getValue("destinationAccessToken").jsonPrimitive.content
                    val notified = withTimeout(10.seconds) {
                        sub.messages.mapNotNull { TunnelNotification.parse(it.payload) }.first()
                    }
                    notified.clientAccessToken shouldBe fresh
                }
                val old = SecureTunnel(
                    SecureTunnelConfig {
                        mode = TunnelMode.DESTINATION
                        accessToken = t.destinationToken
                        onEmulator(emulator)
                        destination("SSH", "localhost", 22)
                    },
                )
                old.use {
                    it.start()
                    withTimeout(10.seconds) {
                        shouldThrow<TunnelHandshakeException> { it.awaitConnected() }.status shouldBe 401
                    }
                }
            }
        }

        test("requests the model forbids are refused with typed errors") {
            control.call("OpenTunnel", """{"destinationConfig":{"thingName":"x","services":[]}}""").first shouldBe 400
            control.call("DescribeTunnel", """{"tunnelId":"missing"}""").let { (status, body) ->
                status shouldBe 404
                body.getValue("__type").jsonPrimitive.content shouldBe "ResourceNotFoundException"
            }
            control.call(
                "OpenTunnel",
                """{"destinationConfig":{"thingName":"x","services":["a","b","c","d"]}}""",
            ).first shouldBe 400
        }
    })
