package dev.iotsdk.emulator

import dev.iotsdk.emulator.internal.Pki
import io.kotest.assertions.throwables.shouldThrowAny
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldHaveLength
import java.nio.file.Files

class ConnectMtlsTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())

        test("a registered thing's certificate connects on the mutual-TLS port and the event names the thing") {
            val device = emu.registerThing("mtls-good")
            device.certificateId shouldHaveLength 64
            Files.readString(device.certificatePath) shouldBe device.certificatePem
            Files.exists(emu.caPath) shouldBe true
            val client = mqtt5(emu, "mtls-good-client", device)
            client.connect()
            val event = emu.awaitEvent {
                it is EmulatorEvent.ClientConnected && it.clientId == "mtls-good-client"
            } as EmulatorEvent.ClientConnected
            event.thingName shouldBe "mtls-good"
            event.listener shouldBe EmulatorEvent.LISTENER_MTLS
            event.authentication shouldBe "certificate"
            event.principal shouldBe device.certificateId
            client.disconnect()
            emu.awaitEvent { it is EmulatorEvent.ClientDisconnected && it.clientId == "mtls-good-client" }
        }

        test("MQTT 3.1.1 over mutual TLS works too") {
            val device = emu.registerThing("mtls-v3")
            val client = mqtt3(emu, "mtls-v3-client", device)
            client.connect()
            (
                emu.awaitEvent {
                    it is EmulatorEvent.ClientConnected && it.clientId == "mtls-v3-client"
                } as EmulatorEvent.ClientConnected
                ).mqttVersion shouldBe
                3
            client.disconnect()
        }

        test("a certificate from another CA is refused") {
            val foreign = Pki.create()
            val cert = foreign.issueDeviceCertificate("intruder")
            val fake = DeviceIdentity("intruder", "x", cert.certificatePem, cert.privateKeyPem, emu.caPath, emu.caPath)
            shouldThrowAny { mqtt5(emu, "intruder", fake).connect() }
            emu.awaitEvent { it is EmulatorEvent.ConnectionRefused && it.listener == EmulatorEvent.LISTENER_MTLS }
            emu.connectedClients().contains("intruder") shouldBe false
        }

        test("revoked and inactive certificates are refused, re-activation lets them in again") {
            val device = emu.registerThing("mtls-revoked")
            emu.setCertificateStatus(device.certificateId, CertificateStatus.REVOKED)
            shouldThrowAny { mqtt5(emu, "revoked-client", device).connect() }
            emu.awaitEvent { it is EmulatorEvent.ConnectionRefused && it.reason.contains("REVOKED") }
            emu.setCertificateStatus(device.certificateId, CertificateStatus.INACTIVE)
            shouldThrowAny { mqtt5(emu, "revoked-client", device).connect() }
            emu.awaitEvent { it is EmulatorEvent.ConnectionRefused && it.reason.contains("INACTIVE") }
            emu.setCertificateStatus(device.certificateId, CertificateStatus.ACTIVE)
            val client = mqtt5(emu, "revoked-client", device)
            client.connect()
            client.disconnect()
        }

        test("a TLS client without a certificate is refused") {
            shouldThrowAny { mqtt5(emu, "anonymous-tls", null).connect() }
            emu.connectedClients().contains("anonymous-tls") shouldBe false
        }

        test("an ALPN offer on the 8883 port is accepted and ignored") {
            val device = emu.registerThing("mtls-alpn")
            Tls.socket(
                emu,
                emu.mqttPort,
                listOf("x-amzn-mqtt-ca"),
                device.certificatePem to device.privateKeyPem,
            ).use { s ->
                s.applicationProtocol shouldBe ""
                RawMqtt.connectAndReadConnack(s.inputStream, s.outputStream, "mtls-alpn-raw") shouldBe 0
            }
        }

        test("the plain port accepts anonymous clients") {
            val client = plain5(emu, "plain-client")
            client.connect()
            val event = emu.awaitEvent {
                it is EmulatorEvent.ClientConnected && it.clientId == "plain-client"
            } as EmulatorEvent.ClientConnected
            event.listener shouldBe EmulatorEvent.LISTENER_PLAIN
            event.thingName shouldBe null
            client.disconnect()
        }
    })
