package dev.iotsdk.emulator.greengrass

import dev.iotsdk.emulator.IotEmulatorExtension
import dev.iotsdk.emulator.Tls
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import java.io.ByteArrayOutputStream
import java.io.InputStream
import javax.net.ssl.SSLSocket

/**
 * Greengrass discovery exactly as AWS's IoT Device SDK for Python v1 does it
 * (`AWSIoTPythonSDK/core/greengrass/discovery/providers.py`): the request `GET /greengrass/discover/thing/<thing>
 * HTTP/1.1`, `Host: <host>:<port>` and nothing else (no `Connection: close`), the header read up to the blank line,
 * then the status taken with the case-sensitive regular expression `HTTP/1.1 ([0-9]+) ` and the body length with
 * `content-length: ([0-9]+)\r\n`, and exactly that many body bytes read.
 *
 * AWS source of the rule: spec/greengrass-discovery.md §1 ("an emulator that wants PY-V1 compatibility must send a
 * lower-case `content-length` header and no chunked encoding").
 */
class PythonV1DiscoveryTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())
        val status = Regex("HTTP/1.1 ([0-9]+) ")
        val contentLength = Regex("content-length: ([0-9]+)\r\n")

        fun discover(s: SSLSocket, thing: String): Pair<String, String> {
            s.outputStream.write(
                (
                    "GET /greengrass/discover/thing/$thing HTTP/1.1\r\n" +
                        "Host: localhost:${emu.port8443}\r\n\r\n"
                    ).toByteArray(),
            )
            s.outputStream.flush()
            val head = readHead(s.inputStream)
            val code = status.matchAt(head, 0)?.groupValues?.get(1)
            code shouldNotBe null
            val length = contentLength.find(head)?.groupValues?.get(1)?.toInt()
            length shouldNotBe null
            // never chunked: the length above is the whole body
            head.contains("transfer-encoding", ignoreCase = true) shouldBe false
            val body = ByteArray(length!!)
            var read = 0
            while (read < body.size) {
                val n = s.inputStream.read(body, read, body.size - read)
                check(n > 0) { "connection closed after $read of ${body.size} body bytes" }
                read += n
            }
            return code!! to String(body)
        }

        test("a 200 and a 404 carry a lower-case content-length the Python v1 SDK finds; two requests on one socket") {
            val device = emu.registerThing("py1-gg-device")
            val group = emu.greengrass.createGroup("py1-gg-group")
            emu.greengrass.addThingToGroup("py1-gg-device", group.groupId)
            emu.greengrass.setConnectivity(group.groupId, listOf(EmulatedConnectivity("c1", "127.0.0.1", 8883)))
            val loner = emu.registerThing("py1-gg-loner")
            Tls.socket(emu, emu.port8443, emptyList(), device.certificatePem to device.privateKeyPem).use { s ->
                val (code, body) = discover(s, "py1-gg-device")
                code shouldBe "200"
                body shouldContain "\"GGGroupId\":\"py1-gg-group\""
                // the SDK keeps the connection for one request only, but the answer must not depend on closing
                val (again, _) = discover(s, "py1-gg-device")
                again shouldBe "200"
            }
            Tls.socket(emu, emu.port8443, emptyList(), loner.certificatePem to loner.privateKeyPem).use { s ->
                discover(s, "py1-gg-loner").first shouldBe "404"
            }
        }
    })

private fun readHead(input: InputStream): String {
    val out = ByteArrayOutputStream()
    while (!out.toString(Charsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        val b = input.read()
        check(b >= 0) { "connection closed in the response header" }
        out.write(b)
    }
    return out.toString(Charsets.ISO_8859_1)
}
