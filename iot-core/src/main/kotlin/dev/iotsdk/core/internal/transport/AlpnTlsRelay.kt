package dev.iotsdk.core.internal.transport

import dev.iotsdk.core.AlpnUnavailableException
import dev.iotsdk.core.ProxyConfig
import java.io.IOException
import java.io.InputStream
import java.io.OutputStream
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.Proxy
import java.net.ServerSocket
import java.net.Socket
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import javax.net.ssl.SNIHostName
import javax.net.ssl.SSLContext
import javax.net.ssl.SSLSocket

/**
 * The TLS layer for ALPN connections (AWS IoT port 443: `x-amzn-mqtt-ca`, `mqtt`). HiveMQ's client cannot offer ALPN
 * (hivemq-mqtt-client issue 464), so the SDK makes the TLS connection itself (`SSLSocket`, ALPN through [SocketAlpn] so
 * it works on JDK 9+, Android 10+ and Conscrypt, SNI, host name verification) and hands HiveMQ a loopback socket that
 * carries the plain MQTT bytes. It never connects without offering ALPN: a runtime that cannot offer it gets
 * [AlpnUnavailableException].
 *
 * Both ends of the loopback hop are authenticated, so no other local process can read, write or impersonate the
 * device's session:
 * - HiveMQ's end: the relay forwards only the one loopback connection whose first packet is a CONNECT carrying this
 *   attempt's [key] (see [RelayKey]); every other connection is closed unread and unanswered, and nothing from the
 *   server is written before that CONNECT arrived.
 * - The relay's end: its listening socket stays bound until [close], which comes only once HiveMQ is done with the
 *   port (the connection ended, or the attempt failed or was cancelled and HiveMQ's connect completed), so no other
 *   process can bind the port HiveMQ connects to. A new relay, on a new port, is made for every attempt; HiveMQ's own
 *   automatic reconnect is never enabled, so it never comes back to an old port.
 *
 * [open] blocks (call it on an I/O thread, through [AttemptResources] so cancelling closes what it opened); it
 * completes the handshake first, so certificate problems surface as handshake errors rather than as a dropped MQTT
 * connection.
 */
internal class AlpnTlsRelay private constructor(
    private val upstream: SSLSocket,
    private val listener: ServerSocket,
    /** The protocol the server selected, or `null` if it selected none. */
    val selectedProtocol: String?,
    /** The secret HiveMQ's CONNECT must carry. */
    val key: RelayKey,
) : AutoCloseable {
    private val closed = AtomicBoolean(false)
    private val admitted = AtomicBoolean(false)
    private val abandoned = AtomicBoolean(false)

    /** Loopback connections accepted and not yet closed: those being checked, and the admitted one. */
    private val locals: MutableSet<Socket> = ConcurrentHashMap.newKeySet()
    private val rejectedCount = AtomicInteger()

    /** The loopback port HiveMQ should connect to. */
    val localPort: Int get() = listener.localPort

    /** Whether [close] ran (the listener, the TLS socket and every loopback socket are closed). */
    val isClosed: Boolean get() = closed.get()

    /** How many loopback connections were refused (no key, or after the admitted one). */
    val rejected: Int get() = rejectedCount.get()

    /**
     * Accepts loopback connections until [close]: the first whose CONNECT carries the key (read within
     * [firstPacketTimeoutMillis]) is relayed to the server; every other one is closed.
     */
    fun start(firstPacketTimeoutMillis: Int) {
        daemon("iotsdk-alpn-relay-accept") { acceptLoop(firstPacketTimeoutMillis) }
    }

    private fun acceptLoop(firstPacketTimeoutMillis: Int) {
        while (!closed.get()) {
            val local = try {
                listener.accept()
            } catch (_: IOException) {
                break
            }
            if (admitted.get() || locals.size >= MAX_CANDIDATES) {
                refuse(local)
            } else {
                locals += local
                // close() may have run since the check above: it cleared locals, so refuse here
                if (closed.get()) {
                    refuse(local)
                } else {
                    daemon("iotsdk-alpn-relay-check") {
                        check(local, firstPacketTimeoutMillis)
                    }
                }
            }
        }
    }

    /** Reads [local]'s first packet; relays it if it carries the key and no other connection was admitted. */
    private fun check(local: Socket, timeoutMillis: Int) {
        val head = try {
            local.soTimeout = timeoutMillis
            key.admit(local.getInputStream())
        } catch (_: IOException) {
            null
        }
        if (head == null || !admitted.compareAndSet(false, true)) {
            reject(local)
            return
        }
        locals.filter { it !== local }.forEach { reject(it) }
        if (abandoned.get()) {
            close()
            return
        }
        try {
            local.soTimeout = 0
            local.tcpNoDelay = true
            upstream.outputStream.apply {
                write(head)
                flush()
            }
        } catch (_: IOException) {
            close()
            return
        }
        pump(local.getInputStream(), upstream.outputStream, "iotsdk-alpn-relay-up")
        pump(upstream.inputStream, local.getOutputStream(), "iotsdk-alpn-relay-down")
    }

    /** Closes [local], a connection being checked, counting it once. */
    /**
     * The attempt was given up while HiveMQ may still be connecting: closes now if HiveMQ's connection was admitted
     * (closing it ends HiveMQ's connect at once), else as soon as it is. Until then the port stays bound, so HiveMQ
     * cannot reach anyone else on it; [close] is still called once HiveMQ's connect completed, whatever happened.
     */
    fun abandon() {
        abandoned.set(true)
        if (admitted.get()) close()
    }

    private fun reject(local: Socket) {
        if (locals.remove(local)) refuse(local)
    }

    private fun refuse(local: Socket) {
        locals -= local
        rejectedCount.incrementAndGet()
        runCatching { local.close() }
    }

    private fun pump(input: InputStream, output: OutputStream, name: String) {
        daemon(name) {
            val buf = ByteArray(BUFFER)
            try {
                while (true) {
                    val n = input.read(buf)
                    if (n < 0) break
                    output.write(buf, 0, n)
                    output.flush()
                }
            } catch (_: IOException) {
                // the other side closed, or close() was called
            } finally {
                close()
            }
        }
    }

    /** Closes the loopback connections first, then the listener (so HiveMQ's socket is gone before the port is free). */
    override fun close() {
        if (closed.compareAndSet(false, true)) {
            locals.forEach { runCatching { it.close() } }
            locals.clear()
            runCatching { listener.close() }
            runCatching { upstream.close() }
            OPEN.decrementAndGet()
        }
    }

    /** Where and how the relay connects: the server, the ALPN protocol to offer, TLS settings, proxy and timeout. */
    class Target(
        val host: String,
        val port: Int,
        val alpn: String,
        val sslContext: SSLContext,
        val protocols: List<String>,
        val proxy: ProxyConfig?,
        val timeoutMillis: Int,
    )

    companion object {
        private const val BUFFER = 16 * 1024

        /** Loopback connections checked at once; more are refused until one is done. */
        private const val MAX_CANDIDATES = 8
        private const val BACKLOG = 50
        private val OPEN = AtomicInteger()

        /** Relays opened and not yet closed in this JVM (tests assert none is left behind). */
        val openCount: Int get() = OPEN.get()

        private fun daemon(name: String, block: () -> Unit) {
            Thread(block, name).apply { isDaemon = true }.start()
        }

        /**
         * Connects to [target] (through its proxy if given), completes a TLS handshake offering its ALPN protocol, and
         * opens the loopback listener. Every socket it makes, and the relay, is handed to [resources] as soon as it
         * exists: the caller closes them if this throws, and closing them (when the attempt is cancelled) ends a blocked
         * connect or handshake at once. Throws the handshake's `SSLException`, an `IOException` for the network, or
         * [AlpnUnavailableException] when this runtime cannot offer ALPN on the context's sockets ([alpnFor] picks how
         * ALPN is offered; tests force a strategy with it).
         */
        fun open(
            target: Target,
            resources: AttemptResources,
            alpnFor: (SSLSocket) -> SocketAlpn? = { SocketAlpn.forSocket(it) },
        ): AlpnTlsRelay {
            val raw = connectRaw(target, resources)
            val ssl = target.sslContext.socketFactory.createSocket(raw, target.host, target.port, true) as SSLSocket
            resources.add(ssl)
            val selected = handshake(ssl, target, alpnFor)
            val listener = ServerSocket(0, BACKLOG, InetAddress.getLoopbackAddress())
            OPEN.incrementAndGet()
            return AlpnTlsRelay(ssl, listener, selected, RelayKey.random()).also { resources.add(it) }
        }

        /** Offers ALPN, completes the handshake, and returns the protocol the server selected. */
        private fun handshake(ssl: SSLSocket, target: Target, alpnFor: (SSLSocket) -> SocketAlpn?): String? {
            val strategy = alpnFor(ssl) ?: throw AlpnUnavailableException(target.alpn, unsupported(ssl))
            ssl.enabledProtocols = target.protocols.filter { it in ssl.supportedProtocols }.toTypedArray()
            val params = ssl.sslParameters
            params.endpointIdentificationAlgorithm = "HTTPS"
            if (!isIpLiteral(target.host)) params.serverNames = listOf(SNIHostName(target.host))
            return try {
                strategy.configure(ssl, params, arrayOf(target.alpn))
                ssl.soTimeout = target.timeoutMillis
                ssl.startHandshake()
                ssl.soTimeout = 0
                ssl.tcpNoDelay = true
                strategy.selected(ssl)
            } catch (e: ReflectiveOperationException) {
                throw AlpnUnavailableException(
                    target.alpn,
                    "${ssl.javaClass.name}: ${e.javaClass.simpleName} calling its ALPN API",
                    e,
                )
            }
        }

        private fun unsupported(ssl: SSLSocket): String =
            "no SSLParameters.setApplicationProtocols (JDK 9+/Android API 29+), and ${ssl.javaClass.name} is not a " +
                "Conscrypt socket"

        private fun connectRaw(target: Target, resources: AttemptResources): Socket {
            val proxy = target.proxy
            val socket = when (proxy?.type) {
                null, ProxyConfig.Type.HTTP -> Socket()
                ProxyConfig.Type.SOCKS5 -> Socket(Proxy(Proxy.Type.SOCKS, InetSocketAddress(proxy.host, proxy.port)))
            }
            resources.add(socket)
            val (host, port, timeout) = Triple(target.host, target.port, target.timeoutMillis)
            return when (proxy?.type) {
                null -> socket.apply { connect(InetSocketAddress(host, port), timeout) }
                ProxyConfig.Type.SOCKS5 -> socket.apply {
                    connect(InetSocketAddress.createUnresolved(host, port), timeout)
                }
                ProxyConfig.Type.HTTP -> HttpConnectTunnel.open(socket, proxy, host, port, timeout)
            }
        }

        private fun isIpLiteral(host: String): Boolean = host.contains(':') || host.all { it.isDigit() || it == '.' }
    }
}
