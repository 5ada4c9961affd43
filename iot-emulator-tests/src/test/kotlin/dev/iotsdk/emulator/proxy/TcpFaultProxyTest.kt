package dev.iotsdk.emulator.proxy

import io.kotest.assertions.nondeterministic.eventually
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeIn
import io.kotest.matchers.comparables.shouldBeGreaterThanOrEqualTo
import io.kotest.matchers.shouldBe
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.ServerSocket
import kotlin.concurrent.thread
import kotlin.random.Random
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlin.time.measureTime

class TcpFaultProxyTest :
    FunSpec({
        val echo = EchoServer()
        afterSpec { echo.close() }

        fun proxy() = TcpFaultProxy("localhost", echo.port).start()
        val broken = listOf(ReadOutcome.END_OF_STREAM, ReadOutcome.RESET)

        test("forwards bytes both ways and counts them") {
            proxy().use { proxy ->
                connectLocal(proxy.port).use { socket ->
                    socket.send("hello")
                    String(socket.readExactly(5)) shouldBe "hello"
                    proxy.activeConnections shouldBe 1
                    proxy.acceptedConnections shouldBe 1L
                    eventually(5.seconds) {
                        proxy.bytesUpstream shouldBe 5L
                        proxy.bytesDownstream shouldBe 5L
                    }
                }
            }
        }

        test("forwards a large payload intact in both directions at once") {
            val payload = Random(42).nextBytes(3 * 1024 * 1024)
            proxy().use { proxy ->
                connectLocal(proxy.port).use { socket ->
                    val writer = thread { socket.getOutputStream().write(payload) }
                    socket.readExactly(payload.size).contentEquals(payload) shouldBe true
                    writer.join()
                }
            }
        }

        test("forwards a half-close and closes the pair once both sides ended") {
            proxy().use { proxy ->
                connectLocal(proxy.port).use { socket ->
                    socket.send("bye")
                    socket.shutdownOutput()
                    String(socket.readExactly(3)) shouldBe "bye"
                    socket.readOutcome() shouldBe ReadOutcome.END_OF_STREAM
                    eventually(5.seconds) { proxy.activeConnections shouldBe 0 }
                }
            }
        }

        test("cutAll breaks live connections and new ones work after") {
            proxy().use { proxy ->
                val first = connectLocal(proxy.port)
                val second = connectLocal(proxy.port)
                listOf(first, second).forEach {
                    it.send("x")
                    String(it.readExactly(1)) shouldBe "x"
                }
                proxy.activeConnections shouldBe 2

                proxy.cutAll()

                first.readOutcome() shouldBeIn broken
                second.readOutcome() shouldBeIn broken
                proxy.activeConnections shouldBe 0
                first.close()
                second.close()
                connectLocal(proxy.port).use { socket ->
                    socket.send("again")
                    String(socket.readExactly(5)) shouldBe "again"
                }
                proxy.acceptedConnections shouldBe 3L
            }
        }

        test("refuseNew turns new connections away and leaves open ones alone") {
            proxy().use { proxy ->
                connectLocal(proxy.port).use { open ->
                    open.send("a")
                    open.readExactly(1)
                    proxy.refuseNew = true

                    connectLocal(proxy.port).use { it.readOutcome() shouldBeIn broken }
                    proxy.refusedConnections shouldBe 1L
                    proxy.acceptedConnections shouldBe 1L
                    open.send("b")
                    String(open.readExactly(1)) shouldBe "b"

                    proxy.refuseNew = false
                    connectLocal(proxy.port).use { socket ->
                        socket.send("c")
                        String(socket.readExactly(1)) shouldBe "c"
                    }
                }
            }
        }

        test("an upstream that refuses the connection resets the client") {
            TcpFaultProxy("localhost", deadPort()).start().use { proxy ->
                connectLocal(proxy.port).use { it.readOutcome() shouldBeIn broken }
                eventually(5.seconds) { proxy.activeConnections shouldBe 0 }
                connectLocal(proxy.port).use { it.readOutcome() shouldBeIn broken }
            }
        }

        test("stall holds bytes in both directions and resume delivers them in order") {
            proxy().use { proxy ->
                connectLocal(proxy.port, readTimeoutMillis = 300).use { socket ->
                    socket.send("1")
                    socket.readExactly(1)
                    proxy.stall(true)
                    proxy.isStalled shouldBe true

                    socket.send("234")
                    socket.readOutcome() shouldBe ReadOutcome.TIMEOUT
                    proxy.bytesUpstream shouldBe 1L
                    socket.send("56")

                    proxy.stall(false)
                    socket.soTimeout = 10_000
                    String(socket.readExactly(5)) shouldBe "23456"
                }
            }
        }

        test("a stall lifted at once leaves forwarding working") {
            proxy().use { proxy ->
                connectLocal(proxy.port, readTimeoutMillis = 300).use { socket ->
                    socket.send("1")
                    socket.readExactly(1)
                    proxy.stall(true)
                    proxy.stall(false)
                    socket.send("2")
                    String(socket.readExactly(1)) shouldBe "2"
                }
            }
        }

        test("latency delays each direction by at least the configured duration") {
            proxy().use { proxy ->
                connectLocal(proxy.port).use { socket ->
                    socket.send("warm")
                    socket.readExactly(4)
                    proxy.latency = 150.milliseconds
                    val roundTrip = measureTime {
                        socket.send("ping")
                        socket.readExactly(4)
                    }
                    roundTrip shouldBeGreaterThanOrEqualTo 300.milliseconds
                    proxy.latency = 0.milliseconds
                }
            }
        }

        test("bandwidth limit slows transfers down to the configured rate") {
            proxy().use { proxy ->
                proxy.bandwidthBytesPerSecond = 20_000
                connectLocal(proxy.port).use { socket ->
                    val payload = Random(7).nextBytes(10_000)
                    val elapsed = measureTime {
                        socket.getOutputStream().write(payload)
                        socket.readExactly(payload.size).contentEquals(payload) shouldBe true
                    }
                    elapsed shouldBeGreaterThanOrEqualTo 400.milliseconds
                }
            }
        }

        test("rejects invalid fault settings") {
            proxy().use { proxy ->
                shouldThrow<IllegalArgumentException> { proxy.latency = (-1).milliseconds }
                shouldThrow<IllegalArgumentException> { proxy.bandwidthBytesPerSecond = 0 }
            }
        }

        test("close resets connections, releases the port and joins its threads; it is idempotent") {
            val baseline = proxyThreads().size
            val proxy = proxy()
            val port = proxy.port
            val sockets = (1..3).map { connectLocal(proxy.port) }
            sockets.forEach {
                it.send("z")
                it.readExactly(1)
            }
            proxy.stall(true)
            sockets[0].send("held")
            eventually(5.seconds) { proxyThreads().size shouldBe baseline + 1 + 3 * 4 }

            proxy.close()

            proxyThreads().size shouldBe baseline
            proxy.activeConnections shouldBe 0
            sockets.forEach { it.readOutcome() shouldBeIn broken }
            sockets.forEach { it.close() }
            ServerSocket().use { it.bind(InetSocketAddress(InetAddress.getLoopbackAddress(), port)) }
            proxy.close()
            shouldThrow<IllegalStateException> { proxy.start() }
        }
    })
