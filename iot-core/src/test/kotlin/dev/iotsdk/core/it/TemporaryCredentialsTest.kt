package dev.iotsdk.core.it

import dev.iotsdk.auth.CognitoCredentialsProvider
import dev.iotsdk.auth.Credentials
import dev.iotsdk.auth.CredentialsProvider
import dev.iotsdk.auth.StaticCredentialsProvider
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.core.ConnectionType
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.ReconnectPolicy
import dev.iotsdk.core.WebSocketHandshakeException
import dev.iotsdk.emulator.IotEmulatorExtension
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import java.time.Clock
import java.time.Instant
import java.time.ZoneId
import java.time.ZoneOffset
import java.util.concurrent.CopyOnWriteArrayList

class TemporaryCredentialsTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())

        test("a WebSocket connection with Cognito credentials reconnects with fresh ones after they expire") {
            val pool = emulator.createIdentityPool("app", allowUnauthenticated = true)
            val clock = object : Clock() {
                @Volatile var now: Instant = Instant.now()
                override fun getZone(): ZoneId = ZoneOffset.UTC
                override fun withZone(zone: ZoneId?): Clock = this
                override fun instant(): Instant = now
            }
            CognitoCredentialsProvider {
                identityPoolId = pool
                endpoint = "https://localhost:${emulator.port443}"
                trust = TrustMaterial.fromPemFile(emulator.caPath)
                this.clock = clock
            }.use { cognito ->
                val used = CopyOnWriteArrayList<Credentials>()
                val recording = CredentialsProvider { cognito.resolve().also { used += it } }
                IotMqttClient {
                    endpoint = emulator.endpoint
                    port = emulator.port443
                    connectionType = ConnectionType.WebSocketSigV4(recording, emulator.region)
                    trust = TrustMaterial.fromPemFile(emulator.caPath)
                    clientId = "ws-cognito"
                    reconnect = FAST_RECONNECT
                }.use { client ->
                    client.connect()
                    client.publish("app/hello", "1".toByteArray())
                    val first = used.single()

                    emulator.expireIssuedCredentials()
                    clock.now = clock.now.plusSeconds(3600)
                    emulator.disconnectClient("ws-cognito") shouldBe true
                    eventually(what = "a reconnect with new credentials") {
                        used.map { it.accessKeyId }.distinct().size >= 2
                    }
                    client.awaitConnected()
                    client.publish("app/hello", "2".toByteArray())
                    used.last().accessKeyId shouldNotBe first.accessKeyId

                    IotMqttClient {
                        endpoint = emulator.endpoint
                        port = emulator.port443
                        connectionType =
                            ConnectionType.WebSocketSigV4(StaticCredentialsProvider(first), emulator.region)
                        trust = TrustMaterial.fromPemFile(emulator.caPath)
                        clientId = "ws-stale"
                        reconnect = ReconnectPolicy(maxAttempts = 1)
                    }.use { stale -> shouldThrow<WebSocketHandshakeException> { stale.connect() }.status shouldBe 403 }
                }
            }
        }
    })
