package dev.iotsdk.tunneling

import dev.iotsdk.auth.TlsContexts
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.test.IotEmulatorExtension
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.net.URI
import java.net.http.HttpClient
import java.net.http.WebSocket
import java.net.http.WebSocketHandshakeException
import java.util.UUID
import java.util.concurrent.CompletionException
import java.util.concurrent.TimeUnit

/** The emulator's data-plane handshake rules (LP-V1/V2/V3 "Connecting to the proxy server and tunnel"). */
class TunnelHandshakeRulesTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())
        val control by lazy { TunnelControl(emulator) }
        val http by lazy {
            HttpClient.newBuilder()
                .sslContext(TlsContexts.sslContext(null, TrustMaterial.fromPem(emulator.caCertificatePem))).build()
        }

        /** The handshake's HTTP status: 101 when accepted. */
        fun handshake(mode: String, headers: List<Pair<String, String>>, vararg protocols: String): Int = try {
            val builder = http.newWebSocketBuilder()
            headers.forEach { (k, v) -> builder.header(k, v) }
            if (protocols.isNotEmpty()) builder.subprotocols(protocols[0], *protocols.drop(1).toTypedArray())
            builder.buildAsync(
                URI("wss://localhost:${emulator.port443}/tunnel?local-proxy-mode=$mode"),
                object : WebSocket.Listener {},
            ).get(10, TimeUnit.SECONDS).sendClose(1000, "")
            101
        } catch (e: java.util.concurrent.ExecutionException) {
            (e.cause as? WebSocketHandshakeException)?.response?.statusCode() ?: throw e
        }

        test("the newest offered subprotocol is chosen; none of the three is refused with 400") {
            val t = control.open("rules-1", "SSH")
            val token = listOf("access-token" to t.sourceToken, "client-token" to UUID.randomUUID().toString())
            handshake("source", token, "aws.iot.securetunneling-9.0") shouldBe 400
            var chosen: String? = null
            http.newWebSocketBuilder().header(token[0].first, token[0].second).header(token[1].first, token[1].second)
                .subprotocols("aws.iot.securetunneling-2.0", "aws.iot.securetunneling-3.0")
                .buildAsync(
                    URI("wss://localhost:${emulator.port443}/tunnel?local-proxy-mode=source"),
                    object : WebSocket.Listener {},
                ).get(10, TimeUnit.SECONDS).also { chosen = it.subprotocol }.sendClose(1000, "").get()
            chosen shouldBe "aws.iot.securetunneling-3.0"
        }

        test("a token in both the header and the cookie, or for the other mode, is refused with 400") {
            val t = control.open("rules-2", "SSH")
            val v3 = "aws.iot.securetunneling-3.0"
            handshake(
                "source",
                listOf("access-token" to t.sourceToken, "cookie" to "awsiot-tunnel-token=${t.sourceToken}"),
                v3,
            ) shouldBe 400
            handshake("destination", listOf("access-token" to t.sourceToken), v3) shouldBe 400
            // the cookie alone is accepted
            handshake("source", listOf("cookie" to "awsiot-tunnel-token=${t.sourceToken}"), v3) shouldBe 101
        }

        test("a client token is bound to its access token: another one is refused, the same one reconnects") {
            val t = control.open("rules-3", "SSH")
            val v3 = "aws.iot.securetunneling-3.0"
            val mine = UUID.randomUUID().toString()
            val token = "access-token" to t.destinationToken
            handshake("destination", listOf(token, "client-token" to mine), v3) shouldBe 101
            handshake("destination", listOf(token, "client-token" to UUID.randomUUID().toString()), v3) shouldBe 401
            handshake("destination", listOf(token, "client-token" to mine), v3) shouldBe 101
            handshake("destination", listOf(token, "client-token" to "short"), v3) shouldBe 400
        }

        test("a request head over 4 KiB is refused, and the refusal carries no token") {
            val t = control.open("rules-4", "SSH")
            val e = runCatching {
                http.newWebSocketBuilder().header("access-token", t.sourceToken).header("x-padding", "p".repeat(5000))
                    .subprotocols("aws.iot.securetunneling-3.0")
                    .buildAsync(
                        URI("wss://localhost:${emulator.port443}/tunnel?local-proxy-mode=source"),
                        object : WebSocket.Listener {},
                    ).join()
            }.exceptionOrNull()
            val refused = ((e as CompletionException).cause as WebSocketHandshakeException).response
            refused.statusCode() shouldBe 400
            (refused.body()?.toString() ?: "").contains(t.sourceToken) shouldBe false
            refused.headers().firstValue("channel-id").isPresent shouldBe true
        }
    })
