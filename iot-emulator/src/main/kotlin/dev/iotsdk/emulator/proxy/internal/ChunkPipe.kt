package dev.iotsdk.emulator.proxy.internal

import java.util.concurrent.locks.ReentrantLock
import kotlin.concurrent.withLock

/**
 * A bounded FIFO of chunks between the thread reading one socket and the thread writing the other.
 *
 * The writer's [take] applies the faults: it holds chunks back while the proxy is stalled, until each chunk is
 * `latency` old (a delay line, so latency does not cut throughput), and paces bytes to the bandwidth limit.
 * The reader's [put] blocks while [capacityBytes] are buffered, which pushes back on the sender through TCP.
 */
internal class ChunkPipe(private val faults: FaultSettings, private val capacityBytes: Int) {
    private val lock = ReentrantLock()
    private val changed = lock.newCondition()
    private val chunks = ArrayDeque<Chunk>()
    private var bufferedBytes = 0
    private var closed = false
    private var nextSendNanos = 0L

    /** Queues [bytes], or end of stream when `null`; returns false when the pipe was closed. */
    fun put(bytes: ByteArray?): Boolean = lock.withLock {
        while (!closed && bytes != null && bufferedBytes >= capacityBytes) changed.await()
        if (closed) return false
        chunks.addLast(Chunk(bytes, System.nanoTime()))
        bufferedBytes += bytes?.size ?: 0
        changed.signalAll()
        true
    }

    /** Waits until bytes may be forwarded and returns them, [END_OF_STREAM], or `null` once closed. */
    fun take(): ByteArray? {
        lock.lock()
        try {
            return nextChunk()
        } finally {
            lock.unlock()
        }
    }

    private fun nextChunk(): ByteArray? {
        while (true) {
            if (closed) return null
            val head = chunks.firstOrNull()
            if (head == null || faults.stalled) {
                changed.await()
                continue
            }
            val now = System.nanoTime()
            val bandwidth = faults.bandwidthBytesPerSecond
            if (bandwidth == null) nextSendNanos = now
            val waitNanos = maxOf(faults.latencyNanos - (now - head.readAtNanos), nextSendNanos - now)
            if (waitNanos > 0) {
                changed.awaitNanos(waitNanos)
                continue
            }
            val bytes = head.bytes
            if (bytes == null) {
                chunks.removeFirst()
                return END_OF_STREAM
            }
            val count = if (bandwidth ==
                null
            ) {
                bytes.size - head.offset
            } else {
                minOf(bytes.size - head.offset, slice(bandwidth))
            }
            val out = bytes.copyOfRange(head.offset, head.offset + count)
            head.offset += count
            if (head.offset == bytes.size) chunks.removeFirst()
            bufferedBytes -= count
            if (bandwidth != null) nextSendNanos = maxOf(now, nextSendNanos) + count * NANOS_PER_SECOND / bandwidth
            changed.signalAll()
            return out
        }
    }

    /** Re-evaluates waiting readers and writers after the faults changed. */
    fun wake(): Unit = lock.withLock { changed.signalAll() }

    /** Discards buffered chunks and releases both threads. */
    fun close(): Unit = lock.withLock {
        closed = true
        chunks.clear()
        bufferedBytes = 0
        changed.signalAll()
    }

    private class Chunk(val bytes: ByteArray?, val readAtNanos: Long) {
        var offset = 0
    }

    internal companion object {
        /** Returned by [take] when the sender closed its side. Compared by identity. */
        val END_OF_STREAM = ByteArray(0)

        private const val NANOS_PER_SECOND = 1_000_000_000L
        private const val SLICES_PER_SECOND = 20

        /** Bytes sent per step when throttled: a 50 ms worth, at least one. */
        private fun slice(bandwidth: Long): Int =
            (bandwidth / SLICES_PER_SECOND).coerceIn(1, Int.MAX_VALUE.toLong()).toInt()
    }
}
