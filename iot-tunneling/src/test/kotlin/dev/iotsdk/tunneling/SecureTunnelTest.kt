package dev.iotsdk.tunneling

import dev.iotsdk.test.IotEmulatorExtension
import dev.iotsdk.test.plainClient
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.mapNotNull
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import java.net.Socket
import java.security.MessageDigest
import kotlin.random.Random
import kotlin.time.Duration.Companion.seconds

/** Both ends of a tunnel through the emulator's tunneling service, over real TLS WebSockets and TCP. */
class SecureTunnelTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())
        val control by lazy { TunnelControl(emulator) }

        fun sourceEnd(t: OpenedTunnel, services: Set<String>) = SecureTunnel(
            SecureTunnelConfig {
                mode = TunnelMode.SOURCE
                accessToken = t.sourceToken
                onEmulator(emulator)
                services.forEach { source(it, 0) }
            },
        ).also { it.start() }

        fun ends(t: OpenedTunnel, services: Map<String, Int>): Pair<SecureTunnel, SecureTunnel> {
            val destination = SecureTunnel(
                SecureTunnelConfig {
                    mode = TunnelMode.DESTINATION
                    accessToken = t.destinationToken
                    onEmulator(emulator)
                    services.forEach { (s, p) -> destination(s, "localhost", p) }
                },
            )
            destination.start()
            return sourceEnd(t, services.keys) to destination
        }

        /** Writes [data] to [socket] while reading as many bytes back; returns what came back. */
        suspend fun roundTrip(socket: Socket, data: ByteArray): ByteArray = coroutineScope {
            withContext(Dispatchers.IO) {
                launch { socket.getOutputStream().write(data) }
                socket.readUpTo(data.size)
            }
        }

        fun sha(b: ByteArray) = MessageDigest.getInstance("SHA-256").digest(b).toList()

        test("the device learns the tunnel from its notify topic and 10 MB cross one stream byte for byte") {
            LocalServer.echo().use { echo ->
                emulator.plainClient("tunnel-device").use { mqtt ->
                    mqtt.connect()
                    val subscription = mqtt.openSubscription(TunnelNotification.topic("tunnel-device"))
                    val t = control.open("tunnel-device", "SSH")
                    val notification = subscription.use { sub ->
                        withTimeout(10.seconds) {
                            sub.messages.mapNotNull { TunnelNotification.parse(it.payload) }.first()
                        }
                    }
                    notification.services shouldBe listOf("SSH")
                    notification.clientAccessToken shouldBe t.destinationToken
                    val destination = SecureTunnel(
                        notification.destinationConfig(
                            mapOf("SSH" to echo.port),
                        ).toBuilder().onEmulator(emulator).build(),
                    )
                    val source = sourceEnd(t, setOf("SSH"))
                    destination.start()
                    destination.use {
                        source.use {
                            withTimeout(20.seconds) {
                                source.awaitConnected()
                                destination.awaitConnected()
                                source.protocolVersion.value shouldBe 3
                                val data = Random(1).nextBytes(10 * 1024 * 1024)
                                Socket("localhost", source.localPorts.value.getValue("SSH")).use { s ->
                                    sha(roundTrip(s, data)) shouldBe sha(data)
                                }
                            }
                        }
                    }
                }
            }
        }

        test("8 simultaneous connections share one service's stream (V3) and a second service is routed apart") {
            val upper = LocalServer { s ->
                val input = s.getInputStream()
                val out = s.getOutputStream()
                val buf = ByteArray(4096)
                while (true) {
                    val n = input.read(buf)
                    if (n < 0) break
                    out.write(String(buf, 0, n).uppercase().toByteArray())
                }
            }
            LocalServer.echo().use { echo ->
                upper.use {
                    val t = control.open("multi-device", "SSH", "HTTP")
                    val (source, destination) = ends(t, mapOf("SSH" to echo.port, "HTTP" to upper.port))
                    source.use {
                        destination.use {
                            withTimeout(30.seconds) {
                                source.awaitConnected()
                                destination.awaitConnected()
                                val ssh = source.localPorts.value.getValue("SSH")
                                val sockets = (1..8).map { Socket("localhost", ssh) }
                                val results = sockets.mapIndexed { i, s ->
                                    async { roundTrip(s, Random(i).nextBytes(300_000)) }
                                }.awaitAll()
                                results.forEachIndexed { i, r -> sha(r) shouldBe sha(Random(i).nextBytes(300_000)) }
                                Socket("localhost", source.localPorts.value.getValue("HTTP")).use { s ->
                                    String(roundTrip(s, "hello tunnel".toByteArray())) shouldBe "HELLO TUNNEL"
                                }
                                sockets.forEach { it.close() }
                                source.protocolVersion.value shouldBe 3
                            }
                        }
                    }
                }
            }
        }
    })
