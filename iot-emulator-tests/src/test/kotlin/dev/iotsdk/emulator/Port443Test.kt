package dev.iotsdk.emulator

import com.hivemq.client.mqtt.MqttClient
import io.kotest.assertions.throwables.shouldThrowAny
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldStartWith
import java.io.BufferedReader
import java.io.InputStreamReader
import java.net.URLDecoder
import java.net.URLEncoder
import java.security.KeyPairGenerator
import java.security.Signature
import java.time.Duration
import java.time.Instant
import java.util.Base64
import javax.net.ssl.SSLSocket

private fun upgrade(
    emu: IotEmulator,
    target: String,
    extraHeaders: List<String> = emptyList(),
    alpn: List<String> = emptyList(),
    host: String = "localhost:${emu.port443}",
): String = Tls.socket(emu, emu.port443, alpn).use { s -> httpStatus(s, target, host, extraHeaders) }

private fun httpStatus(s: SSLSocket, target: String, host: String, extraHeaders: List<String>): String {
    val head = buildString {
        append("GET $target HTTP/1.1\r\nHost: $host\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n")
        append(
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: " +
                "mqtt\r\n",
        )
        extraHeaders.forEach { append(it).append("\r\n") }
        append("\r\n")
    }
    s.outputStream.write(head.toByteArray())
    s.outputStream.flush()
    return BufferedReader(InputStreamReader(s.inputStream)).readLine() ?: "<closed>"
}

private fun enc(s: String) = URLEncoder.encode(s, "UTF-8")

class Port443Test :
    FunSpec({
        val emu = install(IotEmulatorExtension())
        val rsa = KeyPairGenerator.getInstance("RSA").apply { initialize(2048) }.generateKeyPair()
        val publicPem =
            "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(rsa.public.encoded) +
                "\n-----END PUBLIC KEY-----\n"
        fun sign(token: String): String = Base64.getEncoder().encodeToString(
            Signature.getInstance("SHA256withRSA").run {
                initSign(rsa.private)
                update(token.toByteArray())
                sign()
            },
        )

        beforeSpec {
            emu.registerAuthorizer(
                CustomAuthorizer("unsigned", tokenKeyName = "token") { req ->
                    if (req.token == "let-me-in" ||
                        req.username?.startsWith("alice") == true
                    ) {
                        AuthorizerResult.allow("alice")
                    } else {
                        AuthorizerResult.deny()
                    }
                },
            )
            emu.registerAuthorizer(
                CustomAuthorizer("signed", tokenKeyName = "token", signingPublicKeyPem = publicPem) { req ->
                    if (req.signatureVerified) AuthorizerResult.allow("bob") else AuthorizerResult.deny()
                },
            )
        }

        test("ALPN x-amzn-mqtt-ca: with a client certificate speaks MQTT and the event records the ALPN value") {
            val device = emu.registerThing("alpn-ca")
            Tls.socket(
                emu,
                emu.port443,
                listOf("x-amzn-mqtt-ca"),
                device.certificatePem to device.privateKeyPem,
            ).use { s ->
                s.applicationProtocol shouldBe "x-amzn-mqtt-ca"
                RawMqtt.connectAndReadConnack(s.inputStream, s.outputStream, "alpn-ca-client") shouldBe 0
            }
            val e = emu.awaitEvent {
                it is EmulatorEvent.ClientConnected && it.clientId == "alpn-ca-client"
            } as EmulatorEvent.ClientConnected
            e.alpn shouldBe "x-amzn-mqtt-ca"
            e.listener shouldBe EmulatorEvent.LISTENER_443
            e.thingName shouldBe "alpn-ca"
        }

        test("ALPN x-amzn-mqtt-ca: without a client certificate is closed") {
            Tls.socket(emu, emu.port443, listOf("x-amzn-mqtt-ca")).use { s ->
                shouldThrowAny { RawMqtt.connectAndReadConnack(s.inputStream, s.outputStream, "alpn-ca-nocert") }
            }
            emu.awaitEvent {
                it is EmulatorEvent.ConnectionRefused && it.reason.contains("client certificate required")
            }
        }

        test(
            "ALPN mqtt with a custom authorizer: an unsigned authorizer allows a good token; username metadata is " +
                "kept without secrets",
        ) {
            Tls.socket(emu, emu.port443, listOf("mqtt")).use { s ->
                s.applicationProtocol shouldBe "mqtt"
                val username = "dev?x-amz-customauthorizer-name=unsigned&token=let-me-in&SDK=KotlinTest&Version=1"
                RawMqtt.connectAndReadConnack(
                    s.inputStream,
                    s.outputStream,
                    "ca-unsigned-ok",
                    username,
                    "pw".toByteArray(),
                ) shouldBe
                    0
            }
            val e = emu.awaitEvent {
                it is EmulatorEvent.ClientConnected && it.clientId == "ca-unsigned-ok"
            } as EmulatorEvent.ClientConnected
            e.alpn shouldBe "mqtt"
            e.principal shouldBe "alice"
            e.username shouldBe "dev"
            e.usernameMetadata shouldBe mapOf("SDK" to "KotlinTest", "Version" to "1")
        }

        test(
            "ALPN mqtt with a custom authorizer: an unsigned authorizer denying gives CONNACK not authorized " +
                "(3.1.1 code 5, MQTT 5 0x87)",
        ) {
            val username = "dev?x-amz-customauthorizer-name=unsigned&token=wrong"
            Tls.socket(emu, emu.port443, listOf("mqtt")).use { s ->
                RawMqtt.connectAndReadConnack(
                    s.inputStream,
                    s.outputStream,
                    "ca-unsigned-deny",
                    username,
                    null,
                    version = 4,
                ) shouldBe
                    5
            }
            Tls.socket(emu, emu.port443, listOf("mqtt")).use { s ->
                RawMqtt.connectAndReadConnack(
                    s.inputStream,
                    s.outputStream,
                    "ca-unsigned-deny5",
                    username,
                    null,
                    version = 5,
                ) shouldBe
                    0x87
            }
        }

        test(
            "ALPN mqtt with a custom authorizer: a signed authorizer accepts a valid RSA-SHA256 token signature " +
                "and refuses a bad one",
        ) {
            val good = "dev?x-amz-customauthorizer-name=signed&x-amz-customauthorizer-signature=${enc(
                sign("tok-1"),
            )}&token=tok-1"
            Tls.socket(emu, emu.port443, listOf("mqtt")).use { s ->
                RawMqtt.connectAndReadConnack(s.inputStream, s.outputStream, "ca-signed-ok", good) shouldBe 0
            }
            (
                emu.awaitEvent {
                    it is EmulatorEvent.ClientConnected && it.clientId == "ca-signed-ok"
                } as EmulatorEvent.ClientConnected
                ).principal shouldBe
                "bob"
            val bad = "dev?x-amz-customauthorizer-name=signed&x-amz-customauthorizer-signature=${enc(
                sign("other"),
            )}&token=tok-1"
            Tls.socket(emu, emu.port443, listOf("mqtt")).use { s ->
                RawMqtt.connectAndReadConnack(s.inputStream, s.outputStream, "ca-signed-bad", bad) shouldBe 5
            }
            emu.awaitEvent {
                it is EmulatorEvent.ConnectionRefused &&
                    it.clientId == "ca-signed-bad" &&
                    it.reason.contains("signature")
            }
        }

        test("ALPN mqtt with a custom authorizer: an unknown authorizer name is refused") {
            Tls.socket(emu, emu.port443, listOf("mqtt")).use { s ->
                RawMqtt.connectAndReadConnack(
                    s.inputStream,
                    s.outputStream,
                    "ca-unknown",
                    "x?x-amz-customauthorizer-name=nope",
                ) shouldBe
                    5
            }
        }

        test("HTTPS routing (no ALPN or http/1.1): paths other than /mqtt get 404") {
            upgrade(emu, "/other") shouldStartWith "HTTP/1.1 404"
            upgrade(emu, "/other", alpn = listOf("http/1.1")) shouldStartWith "HTTP/1.1 404"
        }

        test("HTTPS routing (no ALPN or http/1.1): a SigV4-presigned WebSocket connects with the HiveMQ client") {
            val c = emu.credentials
            // the HiveMQ client passes the query through java.net.URI, which percent-encodes '%' again: hand it the
            // decoded form (URI re-encodes only what is illegal; '/' in the credential is legal in a query)
            val q = URLDecoder.decode(
                TestPresigner.presign("localhost:${emu.port443}", c.accessKeyId, c.secretAccessKey, emu.region),
                "UTF-8",
            )
            val client = MqttClient.builder().useMqttVersion5().identifier(
                "wss-sigv4",
            ).serverHost(emu.endpoint).serverPort(emu.port443)
                .sslConfig(Tls.clientSsl(emu, null))
                .webSocketConfig().serverPath("mqtt").queryString(q).applyWebSocketConfig()
                .buildBlocking()
            client.connect()
            val e = emu.awaitEvent {
                it is EmulatorEvent.ClientConnected && it.clientId == "wss-sigv4"
            } as EmulatorEvent.ClientConnected
            e.transport shouldBe "websocket"
            e.authentication shouldBe "sigv4"
            e.principal shouldBe c.accessKeyId
            client.disconnect()
        }

        test(
            "HTTPS routing (no ALPN or http/1.1): the CRT style (Host without port, connection;host signed) is " +
                "accepted",
        ) {
            val c = emu.credentials
            val q = TestPresigner.presign(
                "localhost",
                c.accessKeyId,
                c.secretAccessKey,
                emu.region,
                signedHeaders = listOf(
                    "connection" to "Upgrade",
                    "host" to "localhost",
                ),
            )
            upgrade(emu, "/mqtt?$q", host = "localhost") shouldStartWith "HTTP/1.1 101"
        }

        test(
            "HTTPS routing (no ALPN or http/1.1): wrong secret, unknown key, expired URL, wrong region/service get 403",
        ) {
            val c = emu.credentials
            val host = "localhost:${emu.port443}"
            upgrade(
                emu,
                "/mqtt?" + TestPresigner.presign(host, c.accessKeyId, "wrong-secret", emu.region),
            ) shouldStartWith
                "HTTP/1.1 403"
            upgrade(
                emu,
                "/mqtt?" + TestPresigner.presign(host, "AKIAUNKNOWN", c.secretAccessKey, emu.region),
            ) shouldStartWith
                "HTTP/1.1 403"
            upgrade(
                emu,
                "/mqtt?" +
                    TestPresigner.presign(
                        host,
                        c.accessKeyId,
                        c.secretAccessKey,
                        emu.region,
                        now = Instant.now().minus(Duration.ofMinutes(20)),
                        expires = 300,
                    ),
            ) shouldStartWith
                "HTTP/1.1 403"
            upgrade(
                emu,
                "/mqtt?" +
                    TestPresigner.presign(
                        host,
                        c.accessKeyId,
                        c.secretAccessKey,
                        emu.region,
                        now = Instant.now().minus(Duration.ofMinutes(30)),
                    ),
            ) shouldStartWith
                "HTTP/1.1 403"
            upgrade(
                emu,
                "/mqtt?" + TestPresigner.presign(host, c.accessKeyId, c.secretAccessKey, "eu-west-1"),
            ) shouldStartWith
                "HTTP/1.1 403"
            upgrade(
                emu,
                "/mqtt?" +
                    TestPresigner.presign(host, c.accessKeyId, c.secretAccessKey, emu.region, service = "iot"),
            ) shouldStartWith
                "HTTP/1.1 403"
            emu.awaitEvent { it is EmulatorEvent.ConnectionRefused && it.reason.contains("unknown access key") }
        }

        test("HTTPS routing (no ALPN or http/1.1): X-Amz-Expires in range is accepted") {
            val c = emu.credentials
            upgrade(
                emu,
                "/mqtt?" +
                    TestPresigner.presign(
                        "localhost:${emu.port443}",
                        c.accessKeyId,
                        c.secretAccessKey,
                        emu.region,
                        expires = 3600,
                    ),
            ) shouldStartWith
                "HTTP/1.1 101"
        }

        test("HTTPS routing (no ALPN or http/1.1): session credentials need the (unsigned) X-Amz-Security-Token") {
            val temp = emu.registerCredentials("ASIATEMPORARY", "temp-secret", "session/token+value=")
            val host = "localhost:${emu.port443}"
            upgrade(
                emu,
                "/mqtt?" +
                    TestPresigner.presign(
                        host,
                        temp.accessKeyId,
                        temp.secretAccessKey,
                        emu.region,
                        sessionToken = temp.sessionToken,
                    ),
            ) shouldStartWith
                "HTTP/1.1 101"
            upgrade(
                emu,
                "/mqtt?" + TestPresigner.presign(host, temp.accessKeyId, temp.secretAccessKey, emu.region),
            ) shouldStartWith
                "HTTP/1.1 403"
            upgrade(
                emu,
                "/mqtt?" +
                    TestPresigner.presign(
                        host,
                        temp.accessKeyId,
                        temp.secretAccessKey,
                        emu.region,
                        sessionToken = "other",
                    ),
            ) shouldStartWith
                "HTTP/1.1 403"
        }

        test(
            "HTTPS routing (no ALPN or http/1.1): custom-authorizer headers on the upgrade: allowed gets 101, " +
                "denied 403",
        ) {
            upgrade(emu, "/mqtt", listOf("x-amz-customauthorizer-name: unsigned", "token: let-me-in")) shouldStartWith
                "HTTP/1.1 101"
            upgrade(emu, "/mqtt?x-amz-customauthorizer-name=unsigned&token=let-me-in") shouldStartWith "HTTP/1.1 101"
            upgrade(emu, "/mqtt", listOf("x-amz-customauthorizer-name: unsigned", "token: nope")) shouldStartWith
                "HTTP/1.1 403"
            upgrade(
                emu,
                "/mqtt",
                listOf(
                    "x-amz-customauthorizer-name: signed",
                    "token: t",
                    "x-amz-customauthorizer-signature: ${sign("t")}",
                ),
            ) shouldStartWith
                "HTTP/1.1 101"
            upgrade(
                emu,
                "/mqtt",
                listOf(
                    "x-amz-customauthorizer-name: signed",
                    "token: t",
                    "x-amz-customauthorizer-signature: ${sign("u")}",
                ),
            ) shouldStartWith
                "HTTP/1.1 403"
        }

        test("ALPN routing table: the server picks like AWS IoT") {
            val table = listOf(
                listOf("x-amzn-mqtt-ca") to "x-amzn-mqtt-ca",
                listOf("mqtt") to "mqtt",
                listOf("http/1.1") to "http/1.1",
                listOf("x-amzn-http-ca") to "x-amzn-http-ca",
                listOf("h2", "http/1.1") to "http/1.1",
                listOf("h2") to "",
                emptyList<String>() to "",
            )
            for ((offer, chosen) in table) {
                Tls.socket(emu, emu.port443, offer).use { it.applicationProtocol shouldBe chosen }
            }
            // the HTTP-ish choices all route to HTTP: 404 off the WebSocket path
            for (offer in listOf(listOf("x-amzn-http-ca"), listOf("h2"), emptyList())) {
                upgrade(emu, "/nope", alpn = offer) shouldStartWith "HTTP/1.1 404"
            }
        }

        test("WebSocket without upgrade credentials: the custom authorizer runs on the CONNECT user name") {
            fun client(id: String, username: String) =
                MqttClient.builder().useMqttVersion5().identifier(id).serverHost(emu.endpoint).serverPort(emu.port443)
                    .sslConfig(Tls.clientSsl(emu, null)).webSocketConfig().serverPath("mqtt").applyWebSocketConfig()
                    .simpleAuth().username(username).applySimpleAuth().buildBlocking()
            val ok = client("ws-connect-auth", "u?x-amz-customauthorizer-name=unsigned&token=let-me-in")
            ok.connect()
            val e = emu.awaitEvent {
                it is EmulatorEvent.ClientConnected && it.clientId == "ws-connect-auth"
            } as EmulatorEvent.ClientConnected
            e.transport shouldBe "websocket"
            e.authentication shouldBe "custom-authorizer"
            ok.disconnect()
            shouldThrowAny { client("ws-connect-deny", "u").connect() }
        }

        test("disconnectAfterInSeconds from the authorizer disconnects the client") {
            emu.registerAuthorizer(
                CustomAuthorizer("short-lived") {
                    AuthorizerResult(true, "shorty", disconnectAfterInSeconds = 1)
                },
            )
            Tls.socket(emu, emu.port443, listOf("mqtt")).use { s ->
                RawMqtt.connectAndReadConnack(
                    s.inputStream,
                    s.outputStream,
                    "short-lived-client",
                    "x?x-amz-customauthorizer-name=short-lived",
                ) shouldBe
                    0
                emu.awaitEvent {
                    it is EmulatorEvent.ClientDisconnected &&
                        it.clientId == "short-lived-client" &&
                        it.reason == "CUSTOMAUTH_TTL_EXPIRATION"
                }
            }
        }
    })
