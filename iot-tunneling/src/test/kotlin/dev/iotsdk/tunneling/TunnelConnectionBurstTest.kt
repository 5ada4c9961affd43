package dev.iotsdk.tunneling

import dev.iotsdk.test.IotEmulatorExtension
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import java.net.Socket
import kotlin.random.Random
import kotlin.time.Duration.Companion.seconds

/**
 * Many local connections accepted at the same instant by a source, round after round: each is a new stream (the
 * first) or a new connection of it (V3), and the two must never be confused. Before the source serialised those
 * decisions, two sockets accepted together could each start a stream, the first one's bytes then went to a stream
 * the destination had already replaced, and its application waited forever.
 */
class TunnelConnectionBurstTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())
        val control by lazy { TunnelControl(emulator) }

        /** Writes [data] and reads as many bytes back (each read bounded, see [readUpTo]). */
        fun roundTrip(socket: Socket, data: ByteArray): ByteArray {
            val writer = Thread { runCatching { socket.getOutputStream().write(data) } }.apply { start() }
            return socket.readUpTo(data.size).also { writer.join() }
        }

        test("16 connections accepted at once, five rounds: every byte comes back on its own connection") {
            LocalServer.echo().use { echo ->
                val t = control.open("burst-device", "SSH")
                val destination = SecureTunnel(
                    SecureTunnelConfig {
                        mode = TunnelMode.DESTINATION
                        accessToken = t.destinationToken
                        onEmulator(emulator)
                        destination("SSH", "localhost", echo.port)
                    },
                ).also { it.start() }
                val source = SecureTunnel(
                    SecureTunnelConfig {
                        mode = TunnelMode.SOURCE
                        accessToken = t.sourceToken
                        onEmulator(emulator)
                        source("SSH", 0)
                    },
                ).also { it.start() }
                source.use {
                    destination.use {
                        withTimeout(120.seconds) {
                            source.awaitConnected()
                            destination.awaitConnected()
                            val port = source.localPorts.value.getValue("SSH")
                            repeat(5) { round ->
                                // every socket connects before any of them sends: the source accepts them together
                                val sockets = List(16) { Socket("localhost", port).apply { tcpNoDelay = true } }
                                val sent = List(sockets.size) { i -> Random(round * 100 + i).nextBytes(20_000) }
                                val back = withContext(Dispatchers.IO) {
                                    sockets.mapIndexed { i, s -> async { roundTrip(s, sent[i]) } }.awaitAll()
                                }
                                back.forEachIndexed { i, b -> b.toList() shouldBe sent[i].toList() }
                                sockets.forEach { it.close() }
                            }
                            source.protocolVersion.value shouldBe 3
                        }
                    }
                }
            }
        }
    })
