package dev.iotsdk.core.it

import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.core.ConnectionType
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.LifecycleEvent
import dev.iotsdk.core.MqttVersion
import dev.iotsdk.core.ReconnectPolicy
import dev.iotsdk.emulator.AuthorizerResult
import dev.iotsdk.emulator.CustomAuthorizer
import dev.iotsdk.emulator.EmulatorEvent
import dev.iotsdk.emulator.IotEmulatorExtension
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.withTimeout
import kotlin.time.Duration.Companion.seconds

/** Connection variants beyond the basic matrix: MQTT 3.1.1 with certificates, custom auth over WebSocket. */
class EmulatorVariantsTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())

        test("MQTT 3.1.1 over mutual TLS, and a forced disconnect is survived") {
            val device = emulator.registerThing("v311-device")
            emulator.mtlsClient(device) { mqttVersion = MqttVersion.MQTT_3_1_1 }.use { client ->
                client.connect()
                roundTrip(client, "v311/echo")
                val event = emulator.awaitEvent { it is EmulatorEvent.ClientConnected && it.clientId == "v311-device" }
                (event as EmulatorEvent.ClientConnected).mqttVersion shouldBe 3
                emulator.disconnectClient("v311-device")
                withTimeout(10.seconds) {
                    client.events.first { it is LifecycleEvent.ConnectionSuccess }
                }
                roundTrip(client, "v311/echo2")
            }
        }

        test("a custom authorizer over WebSocket (credentials in the CONNECT username and password)") {
            emulator.registerAuthorizer(
                CustomAuthorizer(name = "ws-authorizer", tokenKeyName = "token") { req ->
                    AuthorizerResult(
                        isAuthenticated = req.token == "ws-secret",
                        principalId = "wsprincipal",
                        policyDocuments = listOf(
                            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:*","Resource":"*"}]}""",
                        ),
                    )
                },
            )
            IotMqttClient {
                endpoint = emulator.endpoint
                port = emulator.port443
                connectionType = ConnectionType.CustomAuth(
                    authorizerName = "ws-authorizer",
                    tokenKeyName = "token",
                    tokenValue = "ws-secret",
                    overWebSocket = true,
                )
                trust = TrustMaterial.fromPem(emulator.caCertificatePem)
                clientId = "ws-custom"
                reconnect = ReconnectPolicy(maxAttempts = 1)
            }.use { client ->
                client.connect()
                roundTrip(client, "wscustom/echo")
                val event = emulator.awaitEvent { it is EmulatorEvent.ClientConnected && it.clientId == "ws-custom" }
                (event as EmulatorEvent.ClientConnected).transport shouldBe "websocket"
                event.authentication shouldBe "custom-authorizer"
            }
        }
    })
