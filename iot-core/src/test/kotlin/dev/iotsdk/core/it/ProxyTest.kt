package dev.iotsdk.core.it

import dev.iotsdk.core.ConnectFailedException
import dev.iotsdk.core.ProxyConfig
import dev.iotsdk.core.ReconnectPolicy
import dev.iotsdk.emulator.EmulatorEvent
import dev.iotsdk.emulator.IotEmulatorExtension
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

/** Connections through an HTTP CONNECT proxy, through the SDK's ALPN relay. */
class ProxyTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())

        test("ALPN on 443 through an HTTP CONNECT proxy") {
            HttpConnectProxy().use { proxy ->
                val device = emulator.registerThing("proxied-443")
                emulator.mtlsClient(device, alpn = true) {
                    this.proxy =
                        ProxyConfig(ProxyConfig.Type.HTTP, "127.0.0.1", proxy.port)
                }.use { c ->
                    c.connect()
                    roundTrip(c, "proxy/443")
                    proxy.targets shouldContain "localhost:${emulator.port443}"
                    val event = emulator.awaitEvent {
                        it is EmulatorEvent.ClientConnected &&
                            it.clientId == "proxied-443"
                    }
                    (event as EmulatorEvent.ClientConnected).alpn shouldBe "x-amzn-mqtt-ca"
                }
            }
        }
        test("mutual TLS on 8883 through an HTTP CONNECT proxy (HiveMQ's own proxy support)") {
            HttpConnectProxy().use { proxy ->
                val device = emulator.registerThing("proxied-8883")
                emulator.mtlsClient(device) {
                    this.proxy = ProxyConfig(ProxyConfig.Type.HTTP, "127.0.0.1", proxy.port)
                }.use { c ->
                    c.connect()
                    roundTrip(c, "proxy/8883")
                    proxy.targets shouldContain "localhost:${emulator.mqttPort}"
                }
            }
        }

        test("a proxy that refuses the tunnel fails the connect with a typed error") {
            HttpConnectProxy(refuse = true).use { proxy ->
                val device = emulator.registerThing("refused-8883")
                emulator.mtlsClient(device) {
                    this.proxy = ProxyConfig(ProxyConfig.Type.HTTP, "127.0.0.1", proxy.port)
                    reconnect = ReconnectPolicy(maxAttempts = 1)
                }.use { c ->
                    val e = io.kotest.assertions.throwables.shouldThrow<ConnectFailedException> {
                        c.connect()
                    }
                    proxy.targets shouldContain "localhost:${emulator.mqttPort}"
                    e.message shouldContain "403"
                }
            }
        }
    })
