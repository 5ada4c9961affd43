package dev.iotsdk.tunneling.internal

import kotlinx.coroutines.channels.Channel
import java.net.Socket
import java.util.concurrent.atomic.AtomicBoolean

/**
 * One TCP connection carried by the tunnel: [serviceId], [streamId] and [connectionId] (V3; 1 otherwise) name it on
 * the wire. [inbound] holds the payloads on their way to the TCP peer, bounded so a slow peer stops the tunnel's
 * reader (back-pressure to the service) instead of growing memory.
 */
internal class LocalConnection(val serviceId: String, val streamId: Int, val connectionId: Int, buffer: Int) {
    val inbound: Channel<ByteArray> = Channel(buffer)

    @Volatile var socket: Socket? = null
    private val closed = AtomicBoolean(false)

    /**
     * The peer ended the connection: nothing more comes in, and what it sent before is still written to the TCP peer
     * (as TCP delivers data before its FIN); the writer closes the socket once it has written the last of it.
     */
    fun finish() {
        inbound.close()
    }

    /** Closes the connection once, dropping what was not written yet; `true` for the caller that closed it. */
    fun close(): Boolean {
        if (!closed.compareAndSet(false, true)) return false
        inbound.close()
        runCatching { socket?.close() }
        return true
    }

    val isClosed: Boolean get() = closed.get()
}
