package dev.iotsdk.core.it

import dev.iotsdk.auth.Credentials
import dev.iotsdk.auth.CredentialsProvider
import dev.iotsdk.auth.StaticCredentialsProvider
import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.auth.TlsMaterialException
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.core.ConnectFailedException
import dev.iotsdk.core.ConnectionRefusedException
import dev.iotsdk.core.ConnectionType
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.LifecycleEvent
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.ReconnectPolicy
import dev.iotsdk.core.TlsHandshakeException
import dev.iotsdk.core.WebSocketHandshakeException
import dev.iotsdk.emulator.AuthorizerResult
import dev.iotsdk.emulator.CertificateStatus
import dev.iotsdk.emulator.CustomAuthorizer
import dev.iotsdk.emulator.EmulatorEvent
import dev.iotsdk.emulator.IotEmulator
import dev.iotsdk.emulator.IotEmulatorExtension
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.withTimeout
import kotlin.time.Duration.Companion.seconds

class EmulatorConnectionTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())

        test("mutual TLS on the 8883 port connects, publishes and receives") {
            val device = emulator.registerThing("mtls-device")
            emulator.mtlsClient(device).use { client ->
                val settings = client.connect()
                settings.sessionPresent shouldBe false
                roundTrip(client, "devices/mtls-device/echo")
                val event = emulator.awaitEvent { it is EmulatorEvent.ClientConnected && it.clientId == "mtls-device" }
                (event as EmulatorEvent.ClientConnected).thingName shouldBe "mtls-device"
                event.usernameMetadata["SDK"] shouldBe "iotsdk-kotlin"
            }
        }

        test("mutual TLS on the 443 port offers ALPN x-amzn-mqtt-ca and the server sees it") {
            val device = emulator.registerThing("alpn-device")
            emulator.mtlsClient(device, alpn = true).use { client ->
                client.connect()
                roundTrip(client, "devices/alpn-device/echo")
                val event = emulator.awaitEvent { it is EmulatorEvent.ClientConnected && it.clientId == "alpn-device" }
                (event as EmulatorEvent.ClientConnected).alpn shouldBe "x-amzn-mqtt-ca"
            }
        }

        test("a certificate from another CA is refused with a TLS error") {
            IotEmulator.start().use { other ->
                val stranger = other.registerThing("stranger")
                val client = emulator.mtlsClient(stranger) { reconnect = ReconnectPolicy(maxAttempts = 1) }
                client.use {
                    val e = shouldThrow<ConnectFailedException> { it.connect() }
                    e.shouldBeInstanceOf<TlsHandshakeException>()
                    e.message shouldContain "certificate"
                }
            }
        }

        test("a revoked certificate is refused") {
            val device = emulator.registerThing("revoked-device")
            emulator.setCertificateStatus(device.certificateId, CertificateStatus.REVOKED)
            emulator.mtlsClient(device) { reconnect = ReconnectPolicy(maxAttempts = 1) }.use { client ->
                shouldThrow<ConnectFailedException> { client.connect() }.isRetryable shouldBe false
            }
        }

        test("WebSocket with SigV4 connects with registered credentials") {
            val creds = emulator.credentials
            IotMqttClient {
                endpoint = emulator.endpoint
                port = emulator.port443
                connectionType = ConnectionType.WebSocketSigV4(
                    StaticCredentialsProvider(
                        Credentials(creds.accessKeyId, creds.secretAccessKey, creds.sessionToken),
                    ),
                    emulator.region,
                )
                trust = TrustMaterial.fromPem(emulator.caCertificatePem)
                clientId = "ws-device"
                reconnect = FAST_RECONNECT
            }.use { client ->
                client.connect()
                roundTrip(client, "devices/ws-device/echo")
                val event = emulator.awaitEvent { it is EmulatorEvent.ClientConnected && it.clientId == "ws-device" }
                (event as EmulatorEvent.ClientConnected).authentication shouldBe "sigv4"
            }
        }

        test("WebSocket with a wrong secret is refused with a typed handshake error") {
            val wrong = CredentialsProvider { Credentials(emulator.credentials.accessKeyId, "not-the-secret") }
            IotMqttClient {
                endpoint = emulator.endpoint
                port = emulator.port443
                connectionType = ConnectionType.WebSocketSigV4(wrong, emulator.region)
                trust = TrustMaterial.fromPem(emulator.caCertificatePem)
                clientId = "ws-bad"
                reconnect = ReconnectPolicy(maxAttempts = 1)
            }.use { client ->
                val e = shouldThrow<WebSocketHandshakeException> { client.connect() }
                e.status shouldBe 403
            }
        }

        test("a custom authorizer over ALPN mqtt allows, and a denying one refuses") {
            emulator.registerAuthorizer(
                CustomAuthorizer(name = "allow-all", tokenKeyName = "token") { req ->
                    AuthorizerResult(
                        isAuthenticated = req.token == "good",
                        principalId = "principal1",
                        policyDocuments = listOf(
                            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:*","Resource":"*"}]}""",
                        ),
                    )
                },
            )
            fun client(token: String, id: String) = IotMqttClient {
                endpoint = emulator.endpoint
                port = emulator.port443
                connectionType =
                    ConnectionType.CustomAuth(authorizerName = "allow-all", tokenKeyName = "token", tokenValue = token)
                trust = TrustMaterial.fromPem(emulator.caCertificatePem)
                clientId = id
                reconnect = ReconnectPolicy(maxAttempts = 1)
            }
            client("good", "auth-good").use { c ->
                c.connect()
                roundTrip(c, "devices/auth-good/echo")
                val event = emulator.awaitEvent { it is EmulatorEvent.ClientConnected && it.clientId == "auth-good" }
                (event as EmulatorEvent.ClientConnected).alpn shouldBe "mqtt"
            }
            client("bad", "auth-bad").use { c ->
                shouldThrow<ConnectionRefusedException> { c.connect() }.reasonCode shouldBe 0x87
            }
        }

        test("a forced disconnect is survived: the client reconnects and its subscription is restored") {
            val device = emulator.registerThing("reconnect-device")
            emulator.mtlsClient(device).use { client ->
                coroutineScope {
                    client.connect()
                    val after = client.openSubscription("devices/reconnect-device/after")
                    roundTrip(client, "devices/reconnect-device/before")
                    emulator.disconnectClient("reconnect-device") shouldBe true
                    withTimeout(10.seconds) {
                        client.events.first { it is LifecycleEvent.ConnectionSuccess }
                    }
                    // the subscription survives the reconnect: one publish after it comes back
                    client.publish(MqttMessage.text("devices/reconnect-device/after", "again"))
                    withTimeout(10.seconds) { after.messages.first() }.payloadAsString() shouldBe "again"
                    after.close()
                }
            }
        }

        test("a key that does not match the certificate is refused before anything is sent") {
            val a = emulator.registerThing("key-a")
            val b = emulator.registerThing("key-b")
            shouldThrow<TlsMaterialException> { TlsIdentity.fromPem(a.certificatePem, b.privateKeyPem) }
            shouldThrow<TlsMaterialException> {
                TlsIdentity.fromPem("-----BEGIN CERTIFICATE-----\nnope\n", b.privateKeyPem)
            }
        }
    })
