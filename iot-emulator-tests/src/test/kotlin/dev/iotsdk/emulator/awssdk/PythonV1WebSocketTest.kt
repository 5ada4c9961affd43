package dev.iotsdk.emulator.awssdk

import dev.iotsdk.emulator.EmulatorEvent
import dev.iotsdk.emulator.IotEmulatorExtension
import dev.iotsdk.emulator.RawMqtt
import dev.iotsdk.emulator.Tls
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldStartWith
import java.io.ByteArrayOutputStream
import java.io.DataInputStream
import java.io.InputStream
import java.security.MessageDigest
import java.time.ZoneOffset
import java.time.ZonedDateTime
import java.time.format.DateTimeFormatter
import java.util.Base64
import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec
import kotlin.random.Random

/**
 * The MQTT-over-WebSocket upgrade exactly as AWS's IoT Device SDK for Python v1 builds it
 * (`AWSIoTPythonSDK/core/protocol/connection/cores.py`, `SigV4Core.createWebsocketEndpoint` and
 * `SecuredWebSocketCore._handShake`): signing name `iotdata`, `X-Amz-Expires=86400`, only `host` signed with the
 * host name alone (no port), `Host:` header without port, sub-protocol `mqttv3.1`, a `permessage-deflate` offer,
 * and the session token appended unsigned after `X-Amz-Signature`.
 *
 * AWS source of the rule: spec/connect.md §3 ("AWS IoT accepts upgrades signed for `iotdevicegateway` … **and** for
 * `iotdata` (the v1 SDKs …)").
 */
class PythonV1WebSocketTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())

        fun pythonV1Path(host: String, accessKeyId: String, secret: String, token: String?): String {
            val now = ZonedDateTime.now(ZoneOffset.UTC)
            val date = now.format(DateTimeFormatter.ofPattern("yyyyMMdd"))
            val dateTime = now.format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
            val service = "iotdata"
            val query = "X-Amz-Algorithm=AWS4-HMAC-SHA256" +
                "&X-Amz-Credential=$accessKeyId%2F$date%2F${emu.region}%2F$service%2Faws4_request" +
                "&X-Amz-Date=$dateTime&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
            val canonical = "GET\n/mqtt\n$query\nhost:$host\n\nhost\n${sha256("")}"
            val toSign = "AWS4-HMAC-SHA256\n$dateTime\n$date/${emu.region}/$service/aws4_request\n${sha256(canonical)}"
            var key = hmac("AWS4$secret".toByteArray(), date)
            key = hmac(hmac(hmac(key, emu.region), service), "aws4_request")
            var path = "/mqtt?$query&X-Amz-Signature=${hmac(key, toSign).hex()}"
            if (!token.isNullOrEmpty()) path += "&X-Amz-Security-Token=" + pythonQuote(token)
            return path
        }

        fun handshake(path: String, host: String): Pair<String, javax.net.ssl.SSLSocket> {
            val socket = Tls.socket(emu, emu.port443, emptyList())
            val key = Base64.getEncoder().encodeToString(Random.nextBytes(16))
            val head = "GET $path HTTP/1.1\r\nHost: $host\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
                "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: mqttv3.1\r\n" +
                "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\nsec-websocket-key: $key\r\n\r\n"
            socket.outputStream.write(head.toByteArray())
            socket.outputStream.flush()
            return readHead(socket.inputStream) to socket
        }

        test("the Python v1 SDK's iotdata-signed upgrade with a session token connects and gets a CONNACK") {
            val temp = emu.admin.registerCredentials("ASIAPYTHONV1", "python/v1+secret", "IQoJb3JpZ2luX2Vj/x+y=")
            val (head, socket) = handshake(
                pythonV1Path("localhost", temp.accessKeyId, temp.secretAccessKey, temp.sessionToken),
                "localhost",
            )
            socket.use {
                head shouldStartWith "HTTP/1.1 101"
                it.outputStream.write(maskedBinaryFrame(RawMqtt.connect("python-v1-wss")))
                it.outputStream.flush()
                val connack = readFramePayload(it.inputStream)
                connack.toList().take(2) shouldBe listOf(0x20.toByte(), 0x02.toByte())
                connack[3].toInt() shouldBe 0
            }
            val event = emu.awaitEvent {
                it is EmulatorEvent.ClientConnected && it.clientId == "python-v1-wss"
            } as EmulatorEvent.ClientConnected
            event.authentication shouldBe "sigv4"
        }

        test("an iotdata-signed upgrade with a wrong secret or a foreign signing name is still refused") {
            val c = emu.credentials
            val (bad, socket) = handshake(
                pythonV1Path("localhost", c.accessKeyId, "not-the-secret", null),
                "localhost",
            )
            socket.close()
            bad shouldStartWith "HTTP/1.1 403"
            val foreign = pythonV1Path("localhost", c.accessKeyId, c.secretAccessKey, null)
                .replace("%2Fiotdata%2F", "%2Fs3%2F")
            val (refused, other) = handshake(foreign, "localhost")
            other.close()
            refused shouldStartWith "HTTP/1.1 403"
        }
    })

/** Python's `urllib.parse.quote` with its default `safe='/'`, as the SDK calls it on the session token. */
private fun pythonQuote(s: String): String = s.toByteArray().joinToString("") { b ->
    val c = (b.toInt() and 0xff).toChar()
    if (c in 'a'..'z' ||
        c in 'A'..'Z' ||
        c in '0'..'9' ||
        c in "_.-~/"
    ) {
        c.toString()
    } else {
        "%%%02X".format(b.toInt() and 0xff)
    }
}

private fun sha256(s: String): String = MessageDigest.getInstance("SHA-256").digest(s.toByteArray()).hex()

private fun hmac(key: ByteArray, s: String): ByteArray =
    Mac.getInstance("HmacSHA256").apply { init(SecretKeySpec(key, "HmacSHA256")) }.doFinal(s.toByteArray())

private fun ByteArray.hex(): String = joinToString("") { "%02x".format(it) }

private fun readHead(input: InputStream): String {
    val out = ByteArrayOutputStream()
    while (!out.toString(Charsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        val b = input.read()
        if (b < 0) break
        out.write(b)
    }
    return out.toString(Charsets.ISO_8859_1)
}

/** One masked binary WebSocket frame (RFC 6455 §5.2), as a client must send. */
private fun maskedBinaryFrame(payload: ByteArray): ByteArray {
    require(payload.size < 126)
    val mask = Random.nextBytes(4)
    val out = ByteArrayOutputStream()
    out.write(0x82)
    out.write(0x80 or payload.size)
    out.write(mask)
    payload.forEachIndexed { i, b -> out.write(b.toInt() xor mask[i % 4].toInt()) }
    return out.toByteArray()
}

/** The payload of the next (unmasked, server-sent) frame. */
private fun readFramePayload(input: InputStream): ByteArray {
    val data = DataInputStream(input)
    data.readUnsignedByte()
    val len = data.readUnsignedByte() and 0x7f
    require(len < 126)
    return ByteArray(len).also { data.readFully(it) }
}
