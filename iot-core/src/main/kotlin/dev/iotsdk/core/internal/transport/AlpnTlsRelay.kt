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
import java.net.SocketTimeoutException
import java.util.Base64
import java.util.concurrent.atomic.AtomicBoolean
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
 * [open] blocks (call it on an I/O thread); it completes the handshake first, so certificate problems surface as
 * handshake errors rather than as a dropped MQTT connection. The loopback listener accepts exactly one connection.
 */
internal class AlpnTlsRelay private constructor(
    private val upstream: SSLSocket,
    private val listener: ServerSocket,
    /** The protocol the server selected, or `null` if it selected none. */
    val selectedProtocol: String?,
) : AutoCloseable {
    private val closed = AtomicBoolean(false)

    /** The loopback port HiveMQ should connect to. */
    val localPort: Int get() = listener.localPort

    /** Accepts the single loopback connection and pumps bytes until either side closes. */
    fun start(acceptTimeoutMillis: Int) {
        val t = Thread({ acceptAndPump(acceptTimeoutMillis) }, "iotsdk-alpn-relay-accept")
        t.isDaemon = true
        t.start()
    }

    private fun acceptAndPump(acceptTimeoutMillis: Int) {
        val local = try {
            listener.soTimeout = acceptTimeoutMillis
            listener.accept().also { it.tcpNoDelay = true }
        } catch (e: IOException) {
            close()
            return
        } finally {
            runCatching { listener.close() }
        }
        pump(local.getInputStream(), upstream.outputStream, "iotsdk-alpn-relay-up", local)
        pump(upstream.inputStream, local.getOutputStream(), "iotsdk-alpn-relay-down", local)
    }

    private fun pump(input: InputStream, output: OutputStream, name: String, local: Socket) {
        val t = Thread({
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
                runCatching { local.close() }
                close()
            }
        }, name)
        t.isDaemon = true
        t.start()
    }

    override fun close() {
        if (closed.compareAndSet(false, true)) {
            runCatching { listener.close() }
            runCatching { upstream.close() }
        }
    }

    companion object {
        private const val BUFFER = 16 * 1024

        /**
         * Connects to [host]:[port] (through [proxy] if given), completes a TLS handshake offering [alpn], and opens
         * the
         * loopback listener. Throws the handshake's `SSLException`, an `IOException` for the network, or
         * [AlpnUnavailableException] when this runtime cannot offer ALPN on the context's sockets ([alpnFor] picks how
         * ALPN is offered; tests force a strategy with it).
         */
        fun open(
            host: String,
            port: Int,
            alpn: String,
            sslContext: SSLContext,
            protocols: List<String>,
            proxy: ProxyConfig?,
            timeoutMillis: Int,
            alpnFor: (SSLSocket) -> SocketAlpn? = { SocketAlpn.forSocket(it) },
        ): AlpnTlsRelay {
            val raw = connectRaw(host, port, proxy, timeoutMillis)
            val ssl = try {
                sslContext.socketFactory.createSocket(raw, host, port, true) as SSLSocket
            } catch (e: Exception) {
                runCatching { raw.close() }
                throw e
            }
            try {
                val strategy = alpnFor(ssl) ?: throw AlpnUnavailableException(alpn, unsupported(ssl))
                ssl.enabledProtocols = protocols.filter { it in ssl.supportedProtocols }.toTypedArray()
                val params = ssl.sslParameters
                params.endpointIdentificationAlgorithm = "HTTPS"
                if (!isIpLiteral(host)) params.serverNames = listOf(SNIHostName(host))
                try {
                    strategy.configure(ssl, params, arrayOf(alpn))
                    ssl.soTimeout = timeoutMillis
                    ssl.startHandshake()
                    ssl.soTimeout = 0
                    ssl.tcpNoDelay = true
                    val selected = strategy.selected(ssl)
                    return AlpnTlsRelay(ssl, ServerSocket(0, 1, InetAddress.getLoopbackAddress()), selected)
                } catch (e: ReflectiveOperationException) {
                    throw AlpnUnavailableException(
                        alpn,
                        "${ssl.javaClass.name}: ${e.javaClass.simpleName} calling its ALPN API",
                        e,
                    )
                }
            } catch (e: Exception) {
                runCatching { ssl.close() }
                throw e
            }
        }

        private fun unsupported(ssl: SSLSocket): String =
            "no SSLParameters.setApplicationProtocols (JDK 9+/Android API 29+), and ${ssl.javaClass.name} is not a " +
                "Conscrypt socket"

        private fun connectRaw(host: String, port: Int, proxy: ProxyConfig?, timeoutMillis: Int): Socket {
            if (proxy == null) {
                return Socket().apply { connect(InetSocketAddress(host, port), timeoutMillis) }
            }
            return when (proxy.type) {
                ProxyConfig.Type.SOCKS5 -> Socket(Proxy(Proxy.Type.SOCKS, InetSocketAddress(proxy.host, proxy.port)))
                    .apply { connect(InetSocketAddress.createUnresolved(host, port), timeoutMillis) }
                ProxyConfig.Type.HTTP -> HttpConnectTunnel.open(proxy, host, port, timeoutMillis)
            }
        }

        private fun isIpLiteral(host: String): Boolean = host.contains(':') || host.all { it.isDigit() || it == '.' }
    }
}

/** An HTTP CONNECT tunnel through a proxy, for the ALPN relay. */
internal object HttpConnectTunnel {
    fun open(proxy: ProxyConfig, host: String, port: Int, timeoutMillis: Int): Socket {
        val socket = Socket()
        try {
            socket.connect(InetSocketAddress(proxy.host, proxy.port), timeoutMillis)
            socket.soTimeout = timeoutMillis
            val request = buildString {
                append("CONNECT $host:$port HTTP/1.1\r\nHost: $host:$port\r\n")
                if (proxy.username != null) {
                    val token = Base64.getEncoder()
                        .encodeToString("${proxy.username}:${proxy.password ?: ""}".toByteArray())
                    append("Proxy-Authorization: Basic $token\r\n")
                }
                append("\r\n")
            }
            socket.getOutputStream().apply {
                write(request.toByteArray())
                flush()
            }
            val status = readHead(socket.getInputStream())
            if (!status.matches(Regex("HTTP/1\\.[01] 2\\d\\d.*"))) {
                throw IOException("Proxy ${proxy.host}:${proxy.port} refused the tunnel: $status")
            }
            socket.soTimeout = 0
            return socket
        } catch (e: SocketTimeoutException) {
            socket.close()
            throw e
        } catch (e: IOException) {
            socket.close()
            throw e
        }
    }

    private fun readHead(input: InputStream): String {
        val head = StringBuilder()
        var last4 = 0
        while (true) {
            val b = input.read()
            if (b < 0) throw IOException("Proxy closed the connection during CONNECT")
            head.append(b.toChar())
            last4 = (last4 shl 8) or b
            if (last4 == 0x0d0a0d0a) break
            if (head.length > 16 * 1024) throw IOException("Proxy response head too large")
        }
        return head.lineSequence().first().trim()
    }
}
