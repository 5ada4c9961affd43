package dev.iotsdk.core.it

import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.core.ConnectFailedException
import dev.iotsdk.core.ConnectionType
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.ReconnectPolicy
import dev.iotsdk.core.SubscribeRejectedException
import dev.iotsdk.emulator.IotEmulatorExtension
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.withTimeout
import kotlin.time.Duration.Companion.seconds

/**
 * Issue 22 item 4: connect and subscribe errors say what to do — TLS to a plain MQTT port, a server certificate the
 * configured trust does not cover (naming the `trust` setting), and SUBACK reasons by name.
 */
class ConnectErrorMessagesTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())
        val once = ReconnectPolicy(maxAttempts = 1)

        test("TLS to a plain MQTT port says the port does not speak TLS") {
            IotMqttClient {
                endpoint = emulator.endpoint
                port = requireNotNull(emulator.plainPort)
                connectionType = ConnectionType.Tcp(tls = true)
                clientId = "tls-to-plain"
                reconnect = once
            }.use { client ->
                val e = shouldThrow<ConnectFailedException> { withTimeout(30.seconds) { client.connect() } }
                e.message shouldContain "TLS"
                e.message shouldContain "plain"
            }
        }

        test("an untrusted server certificate names the trust setting") {
            val device = emulator.registerThing("no-trust")
            IotMqttClient {
                endpoint = emulator.endpoint
                port = emulator.mqttPort
                connectionType =
                    ConnectionType.MutualTls(TlsIdentity.fromPem(device.certificatePem, device.privateKeyPem))
                clientId = device.thingName
                reconnect = once
            }.use { client ->
                val e = shouldThrow<ConnectFailedException> { withTimeout(30.seconds) { client.connect() } }
                e.message shouldContain "trust"
                e.message shouldContain "TrustMaterial"
                e.isRetryable shouldBe false
            }
        }

        test("a refused SUBSCRIBE names its reason") {
            val device = emulator.registerThing("sub-refused")
            emulator.createPolicy(
                "connect-only",
                """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:Connect","Resource":"*"}]}""",
            )
            emulator.attachPolicy("connect-only", device.certificateId)
            emulator.mtlsClient(device).use { client ->
                client.connect()
                val e = shouldThrow<SubscribeRejectedException> { client.openSubscription("not/allowed") }
                e.message shouldContain "NOT_AUTHORIZED (0x87)"
                e.outcomes.single().reasonName shouldBe "NOT_AUTHORIZED"
            }
        }
    })
