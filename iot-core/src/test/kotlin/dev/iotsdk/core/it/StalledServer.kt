package dev.iotsdk.core.it

import java.net.InetAddress
import java.net.ServerSocket
import java.net.Socket
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicInteger

/**
 * A TCP server on loopback that accepts connections and never answers (a stalled broker, TLS endpoint or proxy): it
 * reads and discards what comes, and tracks which accepted connections the client has not closed yet.
 */
class StalledServer : AutoCloseable {
    private val server = ServerSocket(0, 50, InetAddress.getLoopbackAddress())
    private val open: MutableSet<Socket> = ConcurrentHashMap.newKeySet()
    val port: Int get() = server.localPort
    val accepted = AtomicInteger()

    /** Accepted connections the client has not closed. */
    val openConnections: Int get() = open.size

    init {
        Thread({
            while (!server.isClosed) {
                val s = runCatching { server.accept() }.getOrNull() ?: break
                open += s
                accepted.incrementAndGet()
                Thread({ drain(s) }, "test-stalled-read").apply { isDaemon = true }.start()
            }
        }, "test-stalled-accept").apply { isDaemon = true }.start()
    }

    private fun drain(s: Socket) {
        try {
            val buf = ByteArray(4096)
            while (s.getInputStream().read(buf) >= 0) {
                // discard
            }
        } catch (_: Exception) {
            // reset by the client: closed too
        } finally {
            open -= s
            runCatching { s.close() }
        }
    }

    override fun close() {
        runCatching { server.close() }
        open.forEach { runCatching { it.close() } }
    }
}
