package dev.iotsdk.tunneling

import dev.iotsdk.test.IotEmulatorExtension
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import java.net.Socket
import java.security.MessageDigest
import kotlin.random.Random
import kotlin.time.Duration.Companion.seconds

/**
 * A TCP peer that writes and then closes at once loses nothing: the tunnel carries the data before the end of the
 * connection, and the other end writes all of it to its TCP peer before closing (as TCP delivers data before FIN),
 * in both directions. Before the fix the end (STREAM_RESET / CONNECTION_RESET) closed the local socket at once and
 * dropped what was still queued for it: a shell's last line ("logout") went missing now and then.
 */
class TunnelEndOfDataTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())
        val control by lazy { TunnelControl(emulator) }

        fun end(mode: TunnelMode, token: String, port: Int) = SecureTunnel(
            SecureTunnelConfig {
                this.mode = mode
                accessToken = token
                onEmulator(emulator)
                if (mode == TunnelMode.SOURCE) source("SSH", 0) else destination("SSH", "localhost", port)
            },
        ).also { it.start() }

        fun sha(b: ByteArray) = MessageDigest.getInstance("SHA-256").digest(b).toList()

        fun readAll(s: Socket): ByteArray = s.getInputStream().readBytes()

        /** Opens a tunnel for [thing] to [service] and runs [block] with the operator's local port. */
        suspend fun throughTunnel(thing: String, service: LocalServer, block: suspend (port: Int) -> Unit) {
            val t = control.open(thing, "SSH")
            end(TunnelMode.DESTINATION, t.destinationToken, service.port).use { destination ->
                end(TunnelMode.SOURCE, t.sourceToken, 0).use { source ->
                    withTimeout(60.seconds) {
                        source.awaitConnected()
                        destination.awaitConnected()
                        block(source.localPorts.value.getValue("SSH"))
                    }
                }
            }
        }

        val rounds = 6
        val size = 512 * 1024

        test("the service writes, then closes at once: the operator reads every byte, then the end") {
            val data = Random(7).nextBytes(size)
            LocalServer { s -> s.getOutputStream().write(data) }.use { service ->
                throughTunnel("eod-device-1", service) { port ->
                    repeat(rounds) {
                        val got = withContext(Dispatchers.IO) { Socket("localhost", port).use(::readAll) }
                        got.size shouldBe size
                        sha(got) shouldBe sha(data)
                    }
                }
            }
        }

        test("the operator writes, then closes at once: the service reads every byte, then the end") {
            val data = Random(8).nextBytes(size)
            var received = CompletableDeferred<ByteArray>()
            LocalServer { s -> received.complete(readAll(s)) }.use { service ->
                throughTunnel("eod-device-2", service) { port ->
                    repeat(rounds) {
                        received = CompletableDeferred()
                        withContext(Dispatchers.IO) {
                            Socket("localhost", port).use { it.getOutputStream().write(data) }
                        }
                        val got = received.await()
                        got.size shouldBe size
                        sha(got) shouldBe sha(data)
                    }
                }
            }
        }
    })
