package dev.iotsdk.core.internal.transport

import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.core.ConnectFailedException
import dev.iotsdk.core.ConnectionType
import dev.iotsdk.core.IotMqttClientConfig
import dev.iotsdk.core.TlsHandshakeException
import dev.iotsdk.emulator.IotEmulator
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain

/** Issue 22 item 4: a failed connect on port 443 without ALPN says that 443 needs ALPN or a WebSocket. */
class ConnectHintsTest :
    FunSpec({
        val identity = IotEmulator.start().use { emu ->
            val d = emu.registerThing("hint")
            TlsIdentity.fromPem(d.certificatePem, d.privateKeyPem)
        }

        fun config(port: Int, alpn: Boolean) = IotMqttClientConfig.builder()
            .endpoint("a1b2c3d4e5f6g7-ats.iot.us-east-1.amazonaws.com")
            .port(port)
            .mutualTls(identity, alpn)
            .build()

        val timeout =
            ConnectFailedException("Connecting to x:443 failed: Timeout while waiting for CONNACK", null, true)

        test("mutual TLS on 443 without ALPN: the message names ALPN x-amzn-mqtt-ca and the WebSocket") {
            val e = ConnectHints.explain(config(443, alpn = false), timeout)
            e.message shouldContain "Timeout while waiting for CONNACK"
            e.message shouldContain "ALPN x-amzn-mqtt-ca"
            e.message shouldContain "WebSocket"
            e.isRetryable shouldBe true
        }

        test("no hint with ALPN, on 8883, or for a TLS failure that has its own advice") {
            ConnectHints.explain(config(443, alpn = true), timeout).message shouldNotContain "ALPN"
            ConnectHints.explain(config(8883, alpn = false), timeout).message shouldNotContain "ALPN"
            val tls = TlsHandshakeException("bad certificate")
            ConnectHints.explain(config(443, alpn = false), tls) shouldBe tls
            (config(443, alpn = false).connectionType as ConnectionType.MutualTls).alpn shouldBe false
        }
    })
