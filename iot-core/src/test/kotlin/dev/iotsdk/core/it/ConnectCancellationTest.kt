package dev.iotsdk.core.it

import dev.iotsdk.auth.Credentials
import dev.iotsdk.auth.StaticCredentialsProvider
import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.core.ConnectionLostException
import dev.iotsdk.core.ConnectionState
import dev.iotsdk.core.ConnectionType
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.IotMqttClientConfig
import dev.iotsdk.core.LifecycleEvent
import dev.iotsdk.core.ProxyConfig
import dev.iotsdk.core.internal.DefaultIotMqttClient
import dev.iotsdk.core.internal.transport.AlpnTlsRelay
import dev.iotsdk.core.internal.transport.ConnectionFactory
import dev.iotsdk.emulator.CustomAuthorizer
import dev.iotsdk.emulator.EmulatorEvent
import dev.iotsdk.emulator.IotEmulatorExtension
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.time.Duration.Companion.seconds

/**
 * `disconnect()` while `connect()` is still connecting, on every connection type: `connect()` fails with
 * [ConnectionLostException] (the caller stopped it; not a connect failure), no `ConnectionFailure` event is emitted, the
 * client ends `Disconnected`, and every socket the attempt opened is closed (the stalled server sees each connection
 * closed; no ALPN relay is left open). Sockets the SDK opens itself (the ALPN relay's, through proxies too) close at
 * once; a socket HiveMQ opened closes at the latest when its connect timeout ends (HiveMQ 1.4 cannot abort a connect),
 * and a session that HiveMQ completes after the disconnect is closed at once.
 */
class ConnectCancellationTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())
        val device = emulator.registerThing("cancel-device")
        val identity = TlsIdentity.fromPem(device.certificatePem, device.privateKeyPem)
        val trust = TrustMaterial.fromPem(emulator.caCertificatePem)
        val credentials = StaticCredentialsProvider(Credentials("AKIDEXAMPLE", "secret", null))

        val hiveMqTimeout = 3.seconds

        fun config(serverPort: Int, type: ConnectionType, proxy: ProxyConfig? = null) = IotMqttClientConfig {
            endpoint = "127.0.0.1"
            port = serverPort
            connectionType = type
            this.trust = trust
            clientId = "cancel-device"
            connectTimeout = hiveMqTimeout
            this.proxy = proxy
        }

        /** Starts connect(), waits until [reached], calls disconnect(), and checks what the caller and sockets see. */
        suspend fun disconnectWhileConnecting(client: IotMqttClient, reached: suspend () -> Unit) {
            val relaysBefore = AlpnTlsRelay.openCount
            val events = CopyOnWriteArrayList<LifecycleEvent>()
            kotlinx.coroutines.coroutineScope {
                val watch = launch(Dispatchers.Default, start = CoroutineStart.UNDISPATCHED) {
                    client.events.collect { events += it }
                }
                val connecting = async { runCatching { client.connect() } }
                reached()
                withTimeout(10.seconds) { client.disconnect() }
                val failure = withTimeout(10.seconds) { connecting.await() }.exceptionOrNull()
                failure.shouldBeInstanceOf<ConnectionLostException>()
                client.state.value shouldBe ConnectionState.Disconnected
                eventually(10.seconds, "the attempt's ALPN relay to close") { AlpnTlsRelay.openCount <= relaysBefore }
                events.filterIsInstance<LifecycleEvent.ConnectionFailure>().shouldBeEmpty()
                watch.cancel()
            }
        }

        /** [sdkSockets]: the SDK opened the stalled connection itself (the ALPN relay), so it must close at once. */
        suspend fun stalled(type: (Int) -> ConnectionType, proxy: ProxyConfig.Type? = null, sdkSockets: Boolean) {
            StalledServer().use { server ->
                val config = if (proxy == null) {
                    config(server.port, type(server.port))
                } else {
                    config(emulator.mqttPort, type(emulator.mqttPort), ProxyConfig(proxy, "127.0.0.1", server.port))
                }
                IotMqttClient.create(config).use { client ->
                    disconnectWhileConnecting(client) {
                        eventually(10.seconds, "the client to reach the server") { server.accepted.get() >= 1 }
                    }
                    // the stalled server's reads end within 1 s of the close; HiveMQ's socket lives until its timeout
                    val within = if (sdkSockets) 1.seconds else hiveMqTimeout + 2.seconds
                    eventually(within, "every connection to the server to be closed") { server.openConnections == 0 }
                }
            }
        }

        val mtls = { _: Int -> ConnectionType.MutualTls(identity) }
        val alpn = { _: Int -> ConnectionType.MutualTls(identity, alpn = true) }
        val sigV4 = { _: Int -> ConnectionType.WebSocketSigV4(credentials, "us-east-1") }
        val custom = { _: Int -> ConnectionType.CustomAuth("authorizer", tokenKeyName = "token", tokenValue = "t") }
        val customWs = { _: Int ->
            ConnectionType.CustomAuth("authorizer", tokenKeyName = "token", tokenValue = "t", overWebSocket = true)
        }

        val http = ProxyConfig.Type.HTTP
        val socks = ProxyConfig.Type.SOCKS5
        test("mutual TLS on 8883, stalled in the TLS handshake") { stalled(mtls, sdkSockets = false) }
        test("mutual TLS on 443 with ALPN, stalled in the relay's TLS handshake") { stalled(alpn, sdkSockets = true) }
        test("WebSocket with SigV4, stalled in the TLS handshake") { stalled(sigV4, sdkSockets = false) }
        test("a custom authorizer on 443 with ALPN, stalled in the relay's TLS handshake") {
            stalled(custom, sdkSockets = true)
        }
        test("a custom authorizer over WebSocket, stalled in the TLS handshake") {
            stalled(customWs, sdkSockets = false)
        }
        test("mutual TLS on 8883 through an HTTP proxy that never answers") { stalled(mtls, http, sdkSockets = false) }
        test("ALPN on 443 through an HTTP proxy that never answers") { stalled(alpn, http, sdkSockets = true) }
        test("mutual TLS on 8883 through a SOCKS5 proxy that never answers") {
            stalled(mtls, socks, sdkSockets = false)
        }
        test("ALPN on 443 through a SOCKS5 proxy that never answers") { stalled(alpn, socks, sdkSockets = true) }

        test("ALPN on 443, cancelled after the relay is up and before HiveMQ connects: the relay is closed") {
            val config = IotMqttClientConfig {
                endpoint = emulator.endpoint
                port = emulator.port443
                connectionType = ConnectionType.MutualTls(identity, alpn = true)
                this.trust = trust
                clientId = "cancel-device"
            }
            val relays = CompletableDeferred<AlpnTlsRelay>()
            val client = DefaultIotMqttClient(config, connector = { sink ->
                ConnectionFactory(config, sink) {
                    relays.complete(it)
                    awaitCancellation()
                }
            })
            client.use { disconnectWhileConnecting(it) { relays.await() } }
            relays.await().isClosed shouldBe true
        }

        for (overWebSocket in listOf(false, true)) {
            val how = if (overWebSocket) "over WebSocket" else "on 443 with ALPN"
            test("a custom authorizer $how, cancelled while the broker holds the CONNECT, then accepted late") {
                val name = "slow-authorizer-${if (overWebSocket) "ws" else "alpn"}"
                val invoked = CountDownLatch(1)
                val release = CountDownLatch(1)
                emulator.registerAuthorizer(
                    CustomAuthorizer(name = name, tokenKeyName = "token") { _ ->
                        invoked.countDown()
                        release.await(20, TimeUnit.SECONDS)
                        allowEverything("p")
                    },
                )
                val config = IotMqttClientConfig {
                    endpoint = emulator.endpoint
                    port = emulator.port443
                    connectionType = ConnectionType.CustomAuth(
                        name,
                        tokenKeyName = "token",
                        tokenValue = "t",
                        overWebSocket = overWebSocket,
                    )
                    this.trust = trust
                    clientId = name
                    connectTimeout = 30.seconds
                }
                val relays = CopyOnWriteArrayList<AlpnTlsRelay>()
                val client = DefaultIotMqttClient(config, connector = { sink ->
                    ConnectionFactory(config, sink) { relays += it }
                })
                try {
                    client.use {
                        disconnectWhileConnecting(it) {
                            eventually(10.seconds, "the authorizer to be called") { invoked.count == 0L }
                        }
                        // the relay closed at once, which ended HiveMQ's connect
                        relays.forEach { r -> r.isClosed shouldBe true }
                        release.countDown()
                        if (overWebSocket) {
                            // HiveMQ completed the connect after the disconnect: that session is closed at once
                            emulator.awaitEvent(10.seconds) { e ->
                                e is EmulatorEvent.ClientDisconnected && e.clientId == name
                            }
                        }
                    }
                } finally {
                    release.countDown()
                }
            }
        }
    })
