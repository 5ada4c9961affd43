package dev.iotsdk.tunneling

import dev.iotsdk.auth.TlsContexts
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.emulator.proxy.TcpFaultProxy
import dev.iotsdk.test.IotEmulatorExtension
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeLessThan
import io.kotest.matchers.longs.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.future.await
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import java.net.InetAddress
import java.net.ServerSocket
import java.net.Socket
import java.net.URI
import java.net.http.HttpClient
import java.net.http.WebSocket
import java.nio.ByteBuffer
import java.security.MessageDigest
import java.util.UUID
import java.util.concurrent.CountDownLatch
import java.util.concurrent.atomic.AtomicLong
import kotlin.concurrent.thread
import kotlin.random.Random
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/** The tunnel under faults: cut WebSockets, a stalled TCP peer, malformed frames and refused tokens. */
class TunnelFaultsTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())
        val control by lazy { TunnelControl(emulator) }

        fun tunnel(mode: TunnelMode, token: String, port: Int, configure: SecureTunnelConfig.Builder.() -> Unit) =
            SecureTunnel(
                SecureTunnelConfig {
                    this.mode = mode
                    accessToken = token
                    onEmulator(emulator)
                    this.port = port
                    configure()
                },
            ).also { it.start() }

        /** Reads up to [max] bytes until the end of [s] (or a reset); [progress] sees the running count. */
        fun readAll(s: Socket, max: Int, progress: (Int) -> Unit = {}): Int {
            val buf = ByteArray(65536)
            var n = 0
            runCatching {
                while (n < max) {
                    val r = s.getInputStream().read(buf)
                    if (r < 0) break
                    n += r
                    progress(n)
                }
            }
            return n
        }

        for (cutSide in TunnelMode.entries) {
            test(
                "a WebSocket cut on the ${cutSide.wireName} side resets the stream, reconnects and new connections work",
            ) {
                LocalServer.echo().use { echo ->
                    TcpFaultProxy("localhost", emulator.port443).start().use { proxy ->
                        val t = control.open("cut-${cutSide.wireName}", "SSH")
                        fun portOf(m: TunnelMode) = if (m == cutSide) proxy.port else emulator.port443
                        tunnel(TunnelMode.DESTINATION, t.destinationToken, portOf(TunnelMode.DESTINATION)) {
                            destination("SSH", "localhost", echo.port)
                        }.use { destination ->
                            tunnel(TunnelMode.SOURCE, t.sourceToken, portOf(TunnelMode.SOURCE)) { source("SSH", 0) }
                                .use { source ->
                                    withTimeout(20.seconds) {
                                        source.awaitConnected()
                                        destination.awaitConnected()
                                        val local = source.localPorts.value.getValue("SSH")
                                        val total = 8 * 1024 * 1024
                                        val got = Socket("localhost", local).use { s ->
                                            val halfway = CompletableDeferred<Unit>()
                                            withContext(Dispatchers.IO) {
                                                launch {
                                                    runCatching { s.getOutputStream().write(Random.nextBytes(total)) }
                                                }
                                                launch {
                                                    // cut once a megabyte has made the round trip
                                                    halfway.await()
                                                    proxy.cutAll()
                                                }
                                                val n = readAll(s, total) {
                                                    if (it >= 1024 * 1024) halfway.complete(Unit)
                                                }
                                                halfway.complete(Unit)
                                                n
                                            }
                                        }
                                        // the stream ended before all data came back: it was reset, not completed
                                        got shouldBeLessThan total
                                        source.awaitConnected()
                                        destination.awaitConnected()
                                        proxy.acceptedConnections shouldBe 2L
                                        Socket("localhost", local).use { s ->
                                            s.getOutputStream().write("after the cut".toByteArray())
                                            val back = ByteArray(13)
                                            var n = 0
                                            while (n < 13) n += s.getInputStream().read(back, n, 13 - n)
                                            String(back) shouldBe "after the cut"
                                        }
                                    }
                                }
                        }
                    }
                }
            }
        }

        test("a stalled TCP peer holds the tunnel's buffers at their bound, then every byte arrives") {
            val release = CountDownLatch(1)
            val received = CompletableDeferred<List<Byte>>()
            val total = 12 * 1024 * 1024
            val server = ServerSocket(0, 5, InetAddress.getLoopbackAddress()).apply { receiveBufferSize = 65536 }
            thread(isDaemon = true) {
                server.accept().use { s ->
                    release.await()
                    val digest = MessageDigest.getInstance("SHA-256")
                    val buf = ByteArray(65536)
                    var n = 0
                    while (n < total) {
                        val r = s.getInputStream().read(buf)
                        if (r < 0) break
                        digest.update(buf, 0, r)
                        n += r
                    }
                    received.complete(digest.digest().toList())
                }
            }
            server.use {
                val t = control.open("slow-peer", "SSH")
                val buffer = 4
                tunnel(TunnelMode.DESTINATION, t.destinationToken, emulator.port443) {
                    destination("SSH", "localhost", server.localPort)
                    connectionBuffer = buffer
                }.use { destination ->
                    tunnel(TunnelMode.SOURCE, t.sourceToken, emulator.port443) { source("SSH", 0) }.use { source ->
                        withTimeout(30.seconds) {
                            source.awaitConnected()
                            destination.awaitConnected()
                            val data = Random(7).nextBytes(total)
                            val written = AtomicLong()
                            Socket("localhost", source.localPorts.value.getValue("SSH")).use { s ->
                                val writer = thread(isDaemon = true) {
                                    runCatching {
                                        var at = 0
                                        while (at < total) {
                                            val n = minOf(65536, total - at)
                                            s.getOutputStream().write(data, at, n)
                                            at += n
                                            written.set(at.toLong())
                                        }
                                    }
                                }
                                // wait until the writer stops making progress (everything upstream is full) or ends
                                var last = -1L
                                while (writer.isAlive && written.get() != last) {
                                    last = written.get()
                                    delay(500.milliseconds)
                                }
                                // the buffer, the message the reader holds while it waits, and one the writer has
                                // taken off but not yet counted out
                                destination.bufferedBytesHighWater shouldBeLessThanOrEqual
                                    ((buffer + 2) * 63L * 1024)
                                release.countDown()
                                received.await() shouldBe MessageDigest.getInstance("SHA-256").digest(data).toList()
                            }
                        }
                    }
                }
            }
        }

        test("a malformed frame closes only the sender's WebSocket: the tunnel stays open and the client reconnects") {
            LocalServer.echo().use { echo ->
                val t = control.open("malformed", "SSH")
                tunnel(TunnelMode.DESTINATION, t.destinationToken, emulator.port443) {
                    destination("SSH", "localhost", echo.port)
                }.use { destination ->
                    withTimeout(20.seconds) {
                        destination.awaitConnected()
                        val clientToken = UUID.randomUUID().toString()
                        val closed = CompletableDeferred<Int>()
                        val http = HttpClient.newBuilder()
                            .sslContext(TlsContexts.sslContext(null, TrustMaterial.fromPem(emulator.caCertificatePem)))
                            .build()
                        val ws = http.newWebSocketBuilder()
                            .header("access-token", t.sourceToken)
                            .header("client-token", clientToken)
                            .subprotocols("aws.iot.securetunneling-3.0")
                            .buildAsync(
                                URI("wss://localhost:${emulator.port443}/tunnel?local-proxy-mode=source"),
                                object : WebSocket.Listener {
                                    override fun onClose(w: WebSocket, code: Int, reason: String?) =
                                        null.also { closed.complete(code) }

                                    override fun onError(w: WebSocket, error: Throwable) {
                                        closed.complete(-1)
                                    }
                                },
                            ).await()
                        // type DATA, stream 1, and field 8, which the schema does not have
                        ws.sendBinary(ByteBuffer.wrap(byteArrayOf(0, 6, 8, 1, 16, 1, 64, 1)), true).await()
                        closed.await() shouldBe 1002
                        val described = control.describe(t.id).getValue("tunnel").jsonObject
                        described.getValue("status").jsonPrimitive.content shouldBe "OPEN"
                        destination.state.value shouldBe TunnelState.CONNECTED
                        // the same access and client tokens connect again, and carry data
                        tunnel(TunnelMode.SOURCE, t.sourceToken, emulator.port443) {
                            source("SSH", 0)
                            this.clientToken = clientToken
                        }.use { source ->
                            source.awaitConnected()
                            Socket("localhost", source.localPorts.value.getValue("SSH")).use { s ->
                                s.getOutputStream().write("still up".toByteArray())
                                readAll(s, 8) shouldBe 8
                            }
                        }
                    }
                }
            }
        }

        test("an access token already used without a client token is refused with 401 and not retried") {
            val t = control.open("spent", "SSH")
            val http = HttpClient.newBuilder()
                .sslContext(TlsContexts.sslContext(null, TrustMaterial.fromPem(emulator.caCertificatePem))).build()
            http.newWebSocketBuilder().header("access-token", t.sourceToken)
                .subprotocols("aws.iot.securetunneling-2.0")
                .buildAsync(
                    URI("wss://localhost:${emulator.port443}/tunnel?local-proxy-mode=source"),
                    object : WebSocket.Listener {},
                ).await().sendClose(1000, "").await()
            tunnel(TunnelMode.SOURCE, t.sourceToken, emulator.port443) { source("SSH", 0) }.use { source ->
                withTimeout(10.seconds) {
                    val e = shouldThrow<TunnelHandshakeException> { source.awaitConnected() }
                    e.status shouldBe 401
                    source.failure.value.shouldBeInstanceOf<TunnelHandshakeException>()
                }
            }
        }
    })
