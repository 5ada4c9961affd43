package dev.iotsdk.emulator

import com.hivemq.client.mqtt.datatypes.MqttQos
import dev.iotsdk.emulator.controlplane.awsIotClient
import io.kotest.assertions.withClue
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldStartWith
import java.io.BufferedReader
import java.io.IOException
import java.io.InputStreamReader
import javax.net.ssl.SNIHostName
import javax.net.ssl.SSLContext
import javax.net.ssl.SSLSocket
import software.amazon.awssdk.services.iot.model.CertificateStatus as AwsCertificateStatus

/**
 * A device that keeps its [SSLContext], and so its TLS session cache, across connections, as real clients do: its
 * later handshakes resume the first one, which skips the server's certificate checks.
 */
private class KeptContextDevice(emu: IotEmulator, val device: DeviceIdentity) {
    private val context: SSLContext = Tls.context(emu.caCertificatePem, device.certificatePem to device.privateKeyPem)

    private fun socket(port: Int, alpn: String?): SSLSocket {
        val socket = context.socketFactory.createSocket("localhost", port) as SSLSocket
        socket.soTimeout = 10_000
        socket.sslParameters = socket.sslParameters.apply {
            if (alpn != null) applicationProtocols = arrayOf(alpn)
            serverNames = listOf(SNIHostName("localhost"))
        }
        socket.startHandshake()
        return socket
    }

    /** The CONNACK code of an MQTT CONNECT on [port], or `null` when the connection was refused. */
    fun connack(port: Int, alpn: String?, clientId: String): Int? = try {
        socket(port, alpn).use { RawMqtt.connectAndReadConnack(it.inputStream, it.outputStream, clientId) }
    } catch (e: IOException) {
        null
    }

    /** The status line of a GET of [path] on [port], or `null` when the connection was refused. */
    fun get(port: Int, alpn: String?, path: String): String? = try {
        socket(port, alpn).use { s ->
            s.outputStream.write("GET $path HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".toByteArray())
            s.outputStream.flush()
            BufferedReader(InputStreamReader(s.inputStream)).readLine()
        }
    } catch (e: IOException) {
        null
    }
}

/**
 * Issue 20 item 1. AWS IoT's rule (API Reference, UpdateCertificate): "Certificates must be in the ACTIVE state to
 * authenticate devices that use a certificate to connect to AWS IoT. Within a few minutes of updating a certificate
 * from the ACTIVE state to any other state, AWS IoT disconnects all devices that used that certificate to connect.
 * Devices cannot use a certificate that is not in the ACTIVE state to reconnect." A resumed TLS session is no way
 * around it, on the mutual-TLS port, on 443 with ALPN and on 8443.
 */
class CertificateStatusTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())

        /** Each entry point the attacker tries, with what a served request looks like. */
        fun attempts(d: KeptContextDevice, clientId: String): Map<String, Any?> = mapOf(
            "mqtt mTLS" to d.connack(emu.mqttPort, null, clientId),
            "443 x-amzn-mqtt-ca" to d.connack(emu.port443, "x-amzn-mqtt-ca", clientId),
            "8443 https" to d.get(emu.port8443, null, "/things/${d.device.thingName}/shadow"),
            "443 x-amzn-http-ca" to d.get(emu.port443, "x-amzn-http-ca", "/things/${d.device.thingName}/shadow"),
        )

        fun served(attempt: Any?): Boolean = attempt == 0 || (attempt as? String)?.startsWith("HTTP/1.1 404") == true

        test("revoked, inactive and deleted certificates are refused on every port, resumed TLS sessions included") {
            val good = KeptContextDevice(emu, emu.registerThing("status-good"))
            val revoked = KeptContextDevice(emu, emu.registerThing("status-revoked"))
            val inactive = KeptContextDevice(emu, emu.registerThing("status-inactive"))
            val deleted = KeptContextDevice(emu, emu.registerThing("status-deleted"))
            for (d in listOf(good, revoked, inactive, deleted)) {
                withClue("${d.device.thingName} while ACTIVE") {
                    attempts(d, d.device.thingName).values.all(::served) shouldBe true
                }
            }
            emu.setCertificateStatus(revoked.device.certificateId, CertificateStatus.REVOKED)
            emu.setCertificateStatus(inactive.device.certificateId, CertificateStatus.INACTIVE)
            awsIotClient(emu).use { iot ->
                iot.updateCertificate {
                    it.certificateId(deleted.device.certificateId).newStatus(AwsCertificateStatus.INACTIVE)
                }
                iot.detachThingPrincipal {
                    it.thingName(deleted.device.thingName).principal(
                        "arn:aws:iot:${emu.region}:${emu.accountId}:cert/${deleted.device.certificateId}",
                    )
                }
                iot.deleteCertificate { it.certificateId(deleted.device.certificateId) }
            }
            for (d in listOf(revoked, inactive, deleted)) {
                for ((entry, attempt) in attempts(d, d.device.thingName)) {
                    withClue("${d.device.thingName} on $entry") { served(attempt) shouldBe false }
                }
            }
            emu.connectedClients().none { it.startsWith("status-") && it != "status-good" } shouldBe true
            // the emulator goes on serving the well-behaved device, whose sessions still resume
            withClue("the good device after the attack") {
                attempts(good, "status-good").values.all(::served) shouldBe true
            }
            emu.setCertificateStatus(inactive.device.certificateId, CertificateStatus.ACTIVE)
            withClue("re-activated") { attempts(inactive, "status-inactive").values.all(::served) shouldBe true }
        }

        test("leaving ACTIVE disconnects the certificate's open connections and refuses its next HTTPS request") {
            val device = emu.registerThing("status-open")
            val bystanderDevice = emu.registerThing("status-bystander")
            val client = mqtt5(emu, "status-open", device).also { it.connect() }
            val bystander = mqtt5(emu, "status-bystander", bystanderDevice).also { it.connect() }
            val http = Tls.socket(emu, emu.port8443, emptyList(), device.certificatePem to device.privateKeyPem)
            http.use { s ->
                val reader = BufferedReader(InputStreamReader(s.inputStream))
                fun get(): String {
                    s.outputStream.write(
                        "GET /things/status-open/shadow HTTP/1.1\r\nHost: localhost\r\n\r\n".toByteArray(),
                    )
                    s.outputStream.flush()
                    val status = reader.readLine()
                    var length = 0
                    while (true) {
                        val line = reader.readLine()
                        if (line.isNullOrEmpty()) break
                        if (line.startsWith("content-length:", ignoreCase = true)) {
                            length =
                                line.substringAfter(':').trim().toInt()
                        }
                    }
                    repeat(length) { reader.read() }
                    return status
                }
                get() shouldStartWith "HTTP/1.1 404"
                emu.setCertificateStatus(device.certificateId, CertificateStatus.REVOKED)
                emu.awaitEvent {
                    it is EmulatorEvent.ClientDisconnected && it.clientId == "status-open" && it.reason == "AUTH_ERROR"
                }
                // the same keep-alive HTTPS connection: AWS checks the status on every request
                get() shouldStartWith "HTTP/1.1 403"
            }
            emu.connectedClients().contains("status-open") shouldBe false
            bystander.publishWith().topic("status/still-here").qos(MqttQos.AT_LEAST_ONCE).send()
            bystander.state.isConnected shouldBe true
            bystander.disconnect()
        }
    })
