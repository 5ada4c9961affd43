package dev.iotsdk.core.internal.transport

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope

/**
 * What one connection attempt opened (sockets, the ALPN relay), closed together when the attempt is abandoned
 * (failed or cancelled) and forgotten by [release] once the connection owns them. Closing a socket from another
 * thread is what ends a blocking connect or TLS handshake, so [blocking] closes everything as soon as its caller is
 * cancelled. Something added after [close] is closed at once.
 */
internal class AttemptResources : AutoCloseable {
    private val items = ArrayList<AutoCloseable>()
    private var closed = false

    fun add(item: AutoCloseable) {
        val closeNow = synchronized(this) {
            if (!closed) items += item
            closed
        }
        if (closeNow) runCatching { item.close() }
    }

    /** The attempt succeeded: what it opened now belongs to the connection. */
    fun release() {
        synchronized(this) { items.clear() }
    }

    override fun close() {
        val all = synchronized(this) {
            closed = true
            items.toList().also { items.clear() }
        }
        all.asReversed().forEach { runCatching { it.close() } }
    }

    /**
     * Runs [block] (blocking I/O that registers what it opens with this) on an I/O thread. If the caller is cancelled
     * meanwhile, closes everything at once, so the block fails fast and nothing it opened is left behind, and rethrows
     * the cancellation.
     */
    suspend fun <T> blocking(block: () -> T): T = coroutineScope {
        // the block's own failure is returned, not thrown, so a failure caused by close() cannot replace the
        // cancellation
        val task = async(Dispatchers.IO) { runCatching(block) }
        try {
            task.await()
        } catch (e: CancellationException) {
            close()
            throw e
        }.getOrThrow()
    }
}
