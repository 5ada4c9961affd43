package dev.iotsdk.benchmarks

import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.emulator.IotEmulator
import dev.iotsdk.tunneling.SecureTunnel
import dev.iotsdk.tunneling.SecureTunnelConfig
import dev.iotsdk.tunneling.TunnelMode
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import java.io.DataInputStream
import java.net.InetAddress
import java.net.ServerSocket
import java.net.Socket
import java.util.concurrent.atomic.AtomicReference
import kotlin.concurrent.thread
import kotlin.time.Duration.Companion.seconds

private const val SERVICE = "ECHO"
private const val CHUNK = 64 * 1024

/**
 * Secure Tunneling (issue 25): bytes per second and round-trip time through iot-tunneling's two local proxies and the
 * emulator's tunnel (source proxy → WebSocket over TLS → emulator relay → WebSocket → destination proxy → echo server),
 * against the same echo server reached directly over loopback TCP, both in one row JVM and one run. No other JVM client
 * implements Secure Tunneling (AWS's local proxy is C++), so the only row is iotsdk's and the direct path is the
 * baseline.
 */
internal object TunnelThroughput : Workload {
    override val id = "tunnel"
    override val title = "Secure Tunneling through the emulator vs direct TCP"
    override val method =
        "an emulator in the row JVM opens a tunnel (OpenTunnel, service ECHO) to a thing; iot-tunneling runs the " +
            "destination proxy (to a loopback echo server) and the source proxy (a local port), both over TLS " +
            "WebSockets to the emulator's port 443; one TCP connection through the source port sends `sizeMb` MiB in " +
            "64 KiB writes while a second thread reads the echo (each byte crosses the tunnel both ways), MB/s from " +
            "the first write to the last echoed byte; then `count` round trips of a `rttBytes`-byte message one at " +
            "a time (after `warmup`), p50/p99; the same measured on a direct loopback connection to the echo server " +
            "in the same JVM; after an untimed 1 MiB warm-up on each path"
    override val metrics = listOf(
        Metric("tunnelMBps", "tunnel MB/s", higherIsBetter = true, primary = true, decimals = 1),
        Metric("directMBps", "direct MB/s", higherIsBetter = true, decimals = 1),
        Metric("tunnelP50Micros", "tunnel RTT p50 µs", higherIsBetter = false),
        Metric("tunnelP99Micros", "tunnel RTT p99 µs", higherIsBetter = false),
        Metric("directP50Micros", "direct RTT p50 µs", higherIsBetter = false),
        Metric("directP99Micros", "direct RTT p99 µs", higherIsBetter = false),
    )
    override val rows: Set<Row> = setOf(Row.IOTSDK_KOTLIN)
    override val baseline: Row = Row.IOTSDK_KOTLIN

    override fun params(quick: Boolean) = if (quick) {
        mapOf("sizeMb" to "4", "warmup" to "100", "count" to "500", "rttBytes" to "64")
    } else {
        mapOf("sizeMb" to "20", "warmup" to "500", "count" to "2000", "rttBytes" to "64")
    }

    override fun run(row: Row, ctx: RunContext): Map<String, Number> = IotEmulator.start().use { emulator ->
        EchoServer().use { echo ->
            TunnelProxies(emulator, echo.port).use { proxies ->
                val through = measurePath(proxies.sourcePort, ctx)
                val direct = measurePath(echo.port, ctx)
                mapOf(
                    "tunnelMBps" to through.megabytesPerSec,
                    "directMBps" to direct.megabytesPerSec,
                    "tunnelP50Micros" to through.p50,
                    "tunnelP99Micros" to through.p99,
                    "directP50Micros" to direct.p50,
                    "directP99Micros" to direct.p99,
                    "protocolVersion" to (proxies.source.protocolVersion.value ?: 0),
                    "bufferedHighWaterBytes" to proxies.destination.bufferedBytesHighWater,
                )
            }
        }
    }

    private class PathResult(val megabytesPerSec: Double, val p50: Double, val p99: Double)

    /** Throughput, then round trips, each on a fresh connection to [port] on loopback. */
    private fun measurePath(port: Int, ctx: RunContext): PathResult {
        transfer(port, 1 shl 20)
        val size = ctx.int("sizeMb") shl 20
        val millis = transfer(port, size)
        val samples = roundTrips(port, ctx.int("warmup"), ctx.int("count"), ctx.int("rttBytes"))
        return PathResult(size / 1e3 / millis, percentile(samples, 0.5), percentile(samples, 0.99))
    }

    /** Sends [size] bytes on a new connection while reading the echo; ms until the last echoed byte arrived. */
    private fun transfer(port: Int, size: Int): Double = Socket(InetAddress.getLoopbackAddress(), port).use { s ->
        s.tcpNoDelay = true
        val failure = AtomicReference<Throwable?>()
        val start = System.nanoTime()
        val writer = thread(name = "tunnel-bench-writer") {
            runCatching {
                val chunk = ByteArray(CHUNK) { it.toByte() }
                var left = size
                while (left > 0) {
                    val n = minOf(left, CHUNK)
                    s.getOutputStream().write(chunk, 0, n)
                    left -= n
                }
            }.onFailure { failure.set(it) }
        }
        val buffer = ByteArray(CHUNK)
        var received = 0
        val input = s.getInputStream()
        while (received < size) {
            val n = input.read(buffer)
            check(n >= 0) { "the echo ended after $received of $size bytes" }
            for (i in 0 until n) {
                check(buffer[i] == ((received + i) % CHUNK).toByte()) { "byte ${received + i} differs" }
            }
            received += n
        }
        val millis = (System.nanoTime() - start) / 1e6
        writer.join()
        failure.get()?.let { throw IllegalStateException("writing failed", it) }
        millis
    }

    /** [count] timed round trips of [bytes] bytes after [warmup] untimed ones; the sorted latencies in µs. */
    private fun roundTrips(port: Int, warmup: Int, count: Int, bytes: Int): DoubleArray =
        Socket(InetAddress.getLoopbackAddress(), port).use { s ->
            s.tcpNoDelay = true
            val message = ByteArray(bytes) { (it % 64 + 48).toByte() }
            val answer = ByteArray(bytes)
            val input = DataInputStream(s.getInputStream())
            val samples = DoubleArray(count)
            for (i in 0 until warmup + count) {
                val t0 = System.nanoTime()
                s.getOutputStream().write(message)
                input.readFully(answer)
                if (i >= warmup) samples[i - warmup] = (System.nanoTime() - t0) / 1e3
            }
            check(answer.contentEquals(message)) { "the echo differs" }
            samples.also { it.sort() }
        }
}

/**
 * Both ends of a tunnel opened on [emulator] to a thing's ECHO service: the destination proxy (the device) forwarding
 * to [echoPort], the source proxy (the operator) listening on [sourcePort]; both connected when constructed.
 */
private class TunnelProxies(emulator: IotEmulator, echoPort: Int) : AutoCloseable {
    private val trust = TrustMaterial.fromPem(emulator.caCertificatePem)
    private val tunnel = run {
        emulator.registerThing("bench-tunnel")
        TunnelControlPlane(emulator).openTunnel("bench-tunnel", SERVICE)
    }
    val destination = proxy(emulator, TunnelMode.DESTINATION, tunnel.destinationAccessToken) {
        destination(SERVICE, "localhost", echoPort)
    }
    val source = proxy(emulator, TunnelMode.SOURCE, tunnel.sourceAccessToken) { source(SERVICE, 0) }

    init {
        destination.start()
        source.start()
        runBlocking {
            withTimeout(30.seconds) {
                destination.awaitConnected()
                source.awaitConnected()
            }
        }
    }

    val sourcePort: Int = source.localPorts.value.getValue(SERVICE)

    private fun proxy(
        emulator: IotEmulator,
        tunnelMode: TunnelMode,
        token: String,
        services: SecureTunnelConfig.Builder.() -> Unit,
    ) = SecureTunnel(
        SecureTunnelConfig {
            mode = tunnelMode
            accessToken = token
            endpoint = "localhost"
            port = emulator.port443
            trust = this@TunnelProxies.trust
            services()
        },
    )

    override fun close() {
        source.close()
        destination.close()
    }
}

/** A loopback TCP echo server, a thread per connection: the "device's service" behind the tunnel. */
private class EchoServer : AutoCloseable {
    private val server = ServerSocket(0, 50, InetAddress.getLoopbackAddress())
    val port: Int = server.localPort

    init {
        thread(isDaemon = true, name = "bench-echo") {
            while (!server.isClosed) {
                val socket = runCatching { server.accept() }.getOrNull() ?: break
                thread(isDaemon = true, name = "bench-echo-$port") {
                    socket.use {
                        it.tcpNoDelay = true
                        runCatching { it.getInputStream().copyTo(it.getOutputStream(), CHUNK) }
                    }
                }
            }
        }
    }

    override fun close() = server.close()
}
