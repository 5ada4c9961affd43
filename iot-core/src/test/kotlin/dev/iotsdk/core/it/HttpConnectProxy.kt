package dev.iotsdk.core.it

import java.io.InputStream
import java.io.OutputStream
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.ServerSocket
import java.net.Socket
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.atomic.AtomicInteger

/**
 * A minimal HTTP CONNECT proxy on loopback for tests: it records the targets it was asked for, and tunnels to them
 * (or answers 403 when [refuse]).
 */
class HttpConnectProxy(private val refuse: Boolean = false) : AutoCloseable {
    private val server = ServerSocket(0, 50, InetAddress.getLoopbackAddress())
    private val sockets = CopyOnWriteArrayList<Socket>()
    val port: Int get() = server.localPort
    val targets = CopyOnWriteArrayList<String>()
    val tunnels = AtomicInteger()

    init {
        Thread({
            while (!server.isClosed) {
                val client = runCatching { server.accept() }.getOrNull() ?: break
                sockets += client
                Thread({ serve(client) }, "test-http-proxy").apply { isDaemon = true }.start()
            }
        }, "test-http-proxy-accept").apply { isDaemon = true }.start()
    }

    private fun serve(client: Socket) {
        try {
            val input = client.getInputStream()
            val head = readHead(input)
            val request = head.lineSequence().first().split(' ')
            if (request.size < 2 || request[0] != "CONNECT") {
                client.getOutputStream().write("HTTP/1.1 405 Method Not Allowed\r\n\r\n".toByteArray())
                client.close()
                return
            }
            targets += request[1]
            if (refuse) {
                client.getOutputStream().apply {
                    write("HTTP/1.1 403 Forbidden\r\n\r\n".toByteArray())
                    flush()
                }
                client.close()
                return
            }
            val (host, port) = request[1].substringBeforeLast(':') to request[1].substringAfterLast(':').toInt()
            val upstream = Socket().apply { connect(InetSocketAddress(host, port), 5_000) }
            sockets += upstream
            client.getOutputStream().apply {
                write("HTTP/1.1 200 Connection established\r\n\r\n".toByteArray())
                flush()
            }
            tunnels.incrementAndGet()
            pipe(upstream.getInputStream(), client.getOutputStream(), client, upstream)
            pipe(input, upstream.getOutputStream(), client, upstream)
        } catch (_: Exception) {
            runCatching { client.close() }
        }
    }

    private fun pipe(from: InputStream, to: OutputStream, a: Socket, b: Socket) {
        Thread({
            try {
                from.copyTo(to)
            } catch (_: Exception) {
                // closed
            } finally {
                runCatching { a.close() }
                runCatching { b.close() }
            }
        }, "test-http-proxy-pipe").apply { isDaemon = true }.start()
    }

    private fun readHead(input: InputStream): String {
        val sb = StringBuilder()
        while (!sb.endsWith("\r\n\r\n")) {
            val b = input.read()
            if (b < 0) break
            sb.append(b.toChar())
        }
        return sb.toString()
    }

    override fun close() {
        runCatching { server.close() }
        sockets.forEach { runCatching { it.close() } }
    }
}
