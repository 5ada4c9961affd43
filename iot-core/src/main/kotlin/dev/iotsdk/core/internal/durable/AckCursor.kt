package dev.iotsdk.core.internal.durable

import java.nio.ByteBuffer
import java.nio.channels.FileChannel
import java.nio.file.Path
import java.nio.file.StandardOpenOption
import java.util.zip.CRC32

/**
 * The file `acked` that remembers the durable queue's delivery progress: every record with a smaller sequence number
 * than the stored one is delivered (or dropped). It is written without `fsync`: a stale value after a power cut only
 * sends some delivered messages again (at least once allows it); a torn one fails its CRC and reads as 0.
 */
internal class AckCursor private constructor(private val channel: FileChannel) {
    private val buf = ByteBuffer.allocate(CURSOR_BYTES)

    @Volatile var value: Long = read()
        private set

    /** Stores [seq] if it is beyond the stored value. */
    fun advance(seq: Long) {
        if (seq <= value) return
        value = seq
        buf.cleared()
        buf.putLong(seq).putInt(crc(seq)).flipped()
        var at = 0L
        while (buf.hasRemaining()) at += channel.write(buf, at)
    }

    fun close() {
        channel.close()
    }

    private fun read(): Long {
        if (channel.size() < CURSOR_BYTES) return 0L
        buf.cleared()
        while (buf.hasRemaining()) {
            if (channel.read(buf, buf.position().toLong()) < 0) return 0L
        }
        val seq = buf.getLong(0)
        return if (buf.getInt(Long.SIZE_BYTES) == crc(seq) && seq >= 0) seq else 0L
    }

    companion object {
        private const val CURSOR_BYTES = 12
        const val FILE_NAME = "acked"

        fun open(directory: Path): AckCursor = AckCursor(
            FileChannel.open(
                directory.resolve(FILE_NAME),
                StandardOpenOption.CREATE,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE,
            ),
        )

        private fun crc(seq: Long): Int =
            CRC32().apply { update(ByteBuffer.allocate(Long.SIZE_BYTES).putLong(seq).array()) }.value.toInt()
    }
}
