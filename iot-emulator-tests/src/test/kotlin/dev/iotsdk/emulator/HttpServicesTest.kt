package dev.iotsdk.emulator

import dev.iotsdk.emulator.internal.http.HttpReply
import io.kotest.assertions.throwables.shouldThrowAny
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import java.io.BufferedReader
import java.io.InputStreamReader
import javax.net.ssl.SSLSocket

/** Sends one HTTP/1.1 request on [s] and returns the status line and the body. */
private fun exchange(s: SSLSocket, method: String, target: String, body: String = ""): Pair<String, String> {
    val bytes = body.toByteArray()
    val head = "$method $target HTTP/1.1\r\nHost: localhost\r\nContent-Length: ${bytes.size}\r\nConnection: " +
        "close\r\n\r\n"
    s.outputStream.write(head.toByteArray() + bytes)
    s.outputStream.flush()
    val reader = BufferedReader(InputStreamReader(s.inputStream))
    val status = reader.readLine() ?: "<closed>"
    while (reader.readLine()?.isNotEmpty() == true) Unit
    return status to reader.readText()
}

class HttpServicesTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())

        beforeSpec {
            emu.runtime.http.register("/echo") { call ->
                HttpReply.json(
                    200,
                    """{"method":"${call.method}","path":"${call.path}","query":"${call.rawQuery}",""" +
                        """"listener":"${call.listener}",""" +
                        """"cert":"${call.certificateId}","thing":"${call.connection?.thingName}","body":"${String(
                            call.body,
                        )}"}""",
                )
            }
        }

        test("HTTPS on the 443 port without a client certificate reaches a registered route, anonymously") {
            val (status, body) = Tls.socket(emu, emu.port443, emptyList()).use {
                exchange(it, "POST", "/echo/a%20b?x=1", "hello")
            }
            status shouldStartWith "HTTP/1.1 200"
            body shouldContain """"path":"/echo/a b""""
            body shouldContain """"query":"x=1""""
            body shouldContain """"listener":"443""""
            body shouldContain """"cert":"null""""
            body shouldContain """"body":"hello""""
        }

        test("HTTPS on 443 with ALPN x-amzn-http-ca and a device certificate carries the certificate and thing") {
            val device = emu.registerThing("http-443-device")
            val (status, body) = Tls.socket(
                emu,
                emu.port443,
                listOf("x-amzn-http-ca"),
                device.certificatePem to device.privateKeyPem,
            )
                .use { exchange(it, "GET", "/echo") }
            status shouldStartWith "HTTP/1.1 200"
            body shouldContain """"cert":"${device.certificateId}""""
            body shouldContain """"thing":"http-443-device""""
        }

        test("the 8443 port requires a client certificate and passes it to the route") {
            val device = emu.registerThing("http-8443-device")
            val (status, body) = Tls.socket(
                emu,
                emu.port8443,
                emptyList(),
                device.certificatePem to device.privateKeyPem,
            )
                .use { exchange(it, "GET", "/echo/x") }
            status shouldStartWith "HTTP/1.1 200"
            body shouldContain """"listener":"8443""""
            body shouldContain """"thing":"http-8443-device""""
            shouldThrowAny {
                Tls.socket(emu, emu.port8443, emptyList()).use { exchange(it, "GET", "/echo/x") }
            }
            emu.awaitEvent { it is EmulatorEvent.ConnectionRefused && it.listener == EmulatorEvent.LISTENER_8443 }
        }

        test("a matching route (on the SigV4 service or a header) wins over a prefix route for the same path") {
            emu.runtime.http.registerMatching({
                it.signingService == "matchsvc"
            }) { HttpReply.json(200, """{"by":"matcher"}""") }
            fun send(extraHeader: String): String = Tls.socket(emu, emu.port443, emptyList()).use { s ->
                s.outputStream.write(
                    "GET /echo/m HTTP/1.1\r\nHost: localhost\r\n${extraHeader}Connection: close\r\n\r\n".toByteArray(),
                )
                s.outputStream.flush()
                s.inputStream.readBytes().decodeToString()
            }
            val scope = "Credential=AKID/20261123/us-east-1/matchsvc/aws4_request, SignedHeaders=host, Signature=00"
            send("Authorization: AWS4-HMAC-SHA256 $scope\r\n") shouldContain """"by":"matcher""""
            send("Authorization: AWS4-HMAC-SHA256 ${scope.replace("matchsvc", "iotdata")}\r\n") shouldContain
                """"path":"/echo/m""""
            send("") shouldContain """"path":"/echo/m""""
        }

        test("a path no service registered gets 404 and the WebSocket path still upgrades") {
            Tls.socket(emu, emu.port443, emptyList()).use { exchange(it, "GET", "/nothing-here") }.first shouldStartWith
                "HTTP/1.1 404"
            Tls.socket(
                emu,
                emu.port8443,
                emptyList(),
                emu.registerThing("http-404").let {
                    it.certificatePem to
                        it.privateKeyPem
                },
            )
                .use { exchange(it, "GET", "/mqtt") }.first shouldStartWith "HTTP/1.1 404"
        }

        test("keep-alive: two requests on one connection both reach the route") {
            Tls.socket(emu, emu.port443, emptyList()).use { s ->
                val head = "GET /echo/1 HTTP/1.1\r\nHost: localhost\r\n\r\nGET /echo/2 HTTP/1.1\r\nHost: " +
                    "localhost\r\nConnection: close\r\n\r\n"
                s.outputStream.write(head.toByteArray())
                val text = s.inputStream.readAllBytes().toString(Charsets.UTF_8)
                Regex("HTTP/1.1 200").findAll(text).count() shouldBe 2
                text shouldContain "/echo/2"
            }
        }
    })
