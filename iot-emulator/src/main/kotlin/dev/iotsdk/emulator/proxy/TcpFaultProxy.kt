package dev.iotsdk.emulator.proxy

import dev.iotsdk.emulator.proxy.internal.FaultSettings
import dev.iotsdk.emulator.proxy.internal.ProxiedConnection
import dev.iotsdk.emulator.proxy.internal.ProxyThreads
import java.io.IOException
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.ServerSocket
import java.net.Socket
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicLong
import kotlin.time.Duration
import kotlin.time.Duration.Companion.nanoseconds

/**
 * A TCP proxy on `127.0.0.1` that injects network faults between a client and [targetHost]:[targetPort]: cut
 * connections ([cutAll]), a broker that is down ([refuseNew]), a network that hangs ([stall]), [latency] and a
 * [bandwidth limit][bandwidthBytesPerSecond]. It is the SDK's test fixture for reconnect, offline-queue and
 * no-loss guarantees, and the benchmarks' way to emulate a slow link.
 *
 * Each accepted connection gets its own upstream connection; bytes flow through a bounded buffer per direction
 * (1 MiB), so a stalled or throttled proxy pushes back on the sender through TCP rather than buffering without
 * limit. A clean close on one side is forwarded as a half-close; an error on either side, or an upstream that
 * refuses the connection, resets the other side.
 *
 * Fault settings may be changed at any time from any thread and apply to open connections at once. The proxy
 * uses blocking sockets and four daemon threads per connection plus one accepting thread, all named
 * `tcp-fault-proxy-<n>-…`; [close] joins them.
 *
 * ```kotlin
 * TcpFaultProxy("localhost", broker.plainPort).start().use { proxy ->
 *     client.connect("localhost", proxy.port)
 *     proxy.cutAll()                      // the client sees a reset and reconnects
 *     proxy.refuseNew = true              // ... and fails while the "broker" is down
 * }
 * ```
 * ```java
 * try (TcpFaultProxy proxy = new TcpFaultProxy("localhost", brokerPort).start()) {
 *     proxy.stall(true);
 *     // ...
 *     proxy.stall(false);
 * }
 * ```
 *
 * @param targetHost host the proxy connects to for each accepted connection, resolved per connection.
 * @param targetPort port the proxy connects to.
 * @param listenPort local port to listen on; `0` (the default) picks a free one, see [port].
 */
public class TcpFaultProxy @JvmOverloads constructor(
    private val targetHost: String,
    private val targetPort: Int,
    private val listenPort: Int = 0,
) : AutoCloseable {
    private val instance = INSTANCES.incrementAndGet()
    private val threads = ProxyThreads("tcp-fault-proxy-$instance")
    private val faults = FaultSettings()
    private val connections = ConcurrentHashMap.newKeySet<ProxiedConnection>()
    private val accepted = AtomicLong()
    private val refused = AtomicLong()
    private val upstreamBytes = AtomicLong()
    private val downstreamBytes = AtomicLong()
    private val lock = Any()
    private var server: ServerSocket? = null
    private var acceptor: Thread? = null
    private var closed = false

    init {
        require(targetPort in 1..MAX_PORT) { "targetPort must be in 1..$MAX_PORT, was $targetPort" }
        require(listenPort in 0..MAX_PORT) { "listenPort must be in 0..$MAX_PORT, was $listenPort" }
    }

    /**
     * Binds `127.0.0.1:`[listenPort] and starts accepting connections.
     *
     * @return this proxy, for chaining.
     * @throws IllegalStateException if the proxy was already started or closed.
     * @throws java.io.IOException if the port cannot be bound.
     */
    public fun start(): TcpFaultProxy {
        synchronized(lock) {
            check(!closed) { "TcpFaultProxy was closed; create a new one" }
            check(server == null) { "TcpFaultProxy was already started" }
            val socket = ServerSocket()
            try {
                socket.reuseAddress = true
                socket.bind(InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort), ACCEPT_BACKLOG)
            } catch (e: IOException) {
                socket.close()
                throw e
            }
            server = socket
            acceptor = threads.start("accept") { acceptLoop(socket) }
        }
        return this
    }

    /**
     * The local port clients connect to (on `127.0.0.1`).
     *
     * @throws IllegalStateException before [start].
     */
    public val port: Int
        get() = checkNotNull(server) { "call start() first" }.localPort

    /** Connections currently open (client side accepted, upstream connecting or connected). */
    public val activeConnections: Int
        get() = connections.size

    /** Connections accepted and proxied since [start]; those turned away while [refuseNew] was set are not counted. */
    public val acceptedConnections: Long
        get() = accepted.get()

    /** Connections accepted and closed at once because [refuseNew] was set. */
    public val refusedConnections: Long
        get() = refused.get()

    /** Bytes written to the upstream so far (client to target), over all connections. */
    public val bytesUpstream: Long
        get() = upstreamBytes.get()

    /** Bytes written to clients so far (target to client), over all connections. */
    public val bytesDownstream: Long
        get() = downstreamBytes.get()

    /**
     * When `true`, new connections are accepted and reset at once, as if the target were down; open connections
     * are left alone (combine with [cutAll] to take the "broker" down). `false` by default.
     */
    @Volatile
    public var refuseNew: Boolean = false

    /**
     * Extra one-way delay: each chunk read from one side is written to the other no earlier than this long after
     * it was read. Applied in each direction, so a round trip gains twice this. Bytes in flight are delayed, not
     * serialised, so throughput is unchanged. Zero by default.
     *
     * @throws IllegalArgumentException when set to a negative or infinite duration.
     */
    public var latency: Duration
        get() = faults.latencyNanos.nanoseconds
        set(value) {
            require(value.isFinite() && !value.isNegative()) { "latency must be finite and not negative, was $value" }
            faults.latencyNanos = value.inWholeNanoseconds
            wakeAll()
        }

    /**
     * Throughput limit in bytes per second, applied to each direction of each connection separately; `null`
     * (the default) is unlimited.
     *
     * @throws IllegalArgumentException when set to zero or a negative value.
     */
    public var bandwidthBytesPerSecond: Long?
        get() = faults.bandwidthBytesPerSecond
        set(value) {
            require(value == null || value > 0) { "bandwidthBytesPerSecond must be positive or null, was $value" }
            faults.bandwidthBytesPerSecond = value
            wakeAll()
        }

    /**
     * Stops forwarding bytes in both directions while [enabled] (connections stay open and new ones are still
     * accepted and connected upstream); `stall(false)` delivers what was held back, in order.
     */
    public fun stall(enabled: Boolean) {
        faults.stalled = enabled
        wakeAll()
    }

    /** Whether forwarding is currently stalled, see [stall]. */
    public val isStalled: Boolean
        get() = faults.stalled

    /**
     * Abruptly closes every open connection on both sides with a TCP reset (`SO_LINGER` 0), discarding bytes
     * held by the proxy. New connections are accepted as before.
     */
    public fun cutAll() {
        // a copy via toArray: Kotlin's toList() trusts size() and breaks on a set that shrinks meanwhile
        ArrayList(connections).forEach { it.close(abort = true) }
    }

    /**
     * Stops listening, resets every connection and joins the proxy's threads (waiting at most 10 seconds).
     * Idempotent; the port is free when this returns.
     */
    override fun close() {
        val (socket, thread) = synchronized(lock) {
            if (closed) return
            closed = true
            server to acceptor
        }
        try {
            socket?.close()
        } catch (e: IOException) {
            // the listening socket is gone either way
        }
        thread?.join(JOIN_TIMEOUT_MILLIS)
        cutAll()
        threads.joinAll(JOIN_TIMEOUT_MILLIS)
    }

    /** Describes the proxy for logs and test failures. */
    override fun toString(): String =
        "TcpFaultProxy(${server?.localPort ?: "unstarted"} -> $targetHost:$targetPort, active=${connections.size})"

    private fun acceptLoop(socket: ServerSocket) {
        var nextId = 0L
        while (!socket.isClosed) {
            val client = try {
                socket.accept()
            } catch (e: IOException) {
                continue
            }
            if (refuseNew) {
                refused.incrementAndGet()
                reset(client)
                continue
            }
            val connection = ProxiedConnection(
                id = ++nextId,
                client = client,
                target = { InetSocketAddress(targetHost, targetPort) },
                faults = faults,
                threads = threads,
                bytesUpstream = upstreamBytes,
                bytesDownstream = downstreamBytes,
                onClosed = { connections.remove(it) },
            )
            val admitted = synchronized(lock) { if (closed) false else connections.add(connection) }
            if (admitted) {
                accepted.incrementAndGet()
                connection.start()
            } else {
                reset(client)
            }
        }
    }

    private fun wakeAll() {
        connections.forEach { it.wake() }
    }

    private companion object {
        const val MAX_PORT = 65_535
        const val ACCEPT_BACKLOG = 128
        const val JOIN_TIMEOUT_MILLIS = 10_000L
        val INSTANCES = AtomicLong()

        fun reset(socket: Socket) {
            try {
                socket.setSoLinger(true, 0)
            } catch (e: IOException) {
                // already reset by the peer: closing is all that is left to do
            } finally {
                socket.close()
            }
        }
    }
}
