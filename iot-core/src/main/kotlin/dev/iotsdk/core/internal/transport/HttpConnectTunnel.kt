package dev.iotsdk.core.internal.transport

import dev.iotsdk.core.ProxyConfig
import java.io.IOException
import java.io.InputStream
import java.net.InetSocketAddress
import java.net.Socket
import java.net.SocketTimeoutException
import java.util.Base64

/** An HTTP CONNECT tunnel through a proxy, for the ALPN relay. */
internal object HttpConnectTunnel {
    /** Connects [socket] (new, unconnected) to [proxy] and asks it for a tunnel to [host]:[port]. */
    fun open(socket: Socket, proxy: ProxyConfig, host: String, port: Int, timeoutMillis: Int): Socket {
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
