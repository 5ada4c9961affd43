package dev.iotsdk.core.internal.durable

import java.nio.ByteBuffer
import java.nio.channels.FileChannel
import java.nio.file.Path
import java.nio.file.StandardOpenOption

/**
 * What [scan] found in a segment file after a restart: its whole, CRC-checked records, in order, and where they end.
 * Anything after [validEnd] is a torn or corrupt tail ([skippedBytes] of it).
 */
internal class SegmentScan(val records: List<Found>, val validEnd: Long, val fileSize: Long) {
    /** A valid record: its sequence number, offset and whole length (header included). */
    class Found(val seq: Long, val offset: Long, val length: Int)

    val skippedBytes: Long get() = fileSize - validEnd

    companion object {
        /**
         * Reads [path]'s records until the end or the first record that is cut short, fails its CRC or does not follow
         * its predecessor's sequence number; truncates the file there so the tail is gone for good.
         */
        fun scan(path: Path): SegmentScan = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
            .use { channel ->
                val fileSize = channel.size()
                val records = ArrayList<Found>()
                val header = ByteBuffer.allocate(RecordCodec.HEADER_BYTES)
                var at = 0L
                var found = readRecord(channel, header, at, fileSize, Long.MIN_VALUE)
                while (found != null) {
                    records.add(found)
                    at += found.length
                    found = readRecord(channel, header, at, fileSize, found.seq)
                }
                if (at < fileSize) {
                    channel.truncate(at)
                    channel.force(false)
                }
                SegmentScan(records, at, fileSize)
            }

        /** The whole, valid record at [at] that follows [lastSeq], or `null` (end of file, torn or corrupt). */
        private fun readRecord(
            channel: FileChannel,
            header: ByteBuffer,
            at: Long,
            fileSize: Long,
            lastSeq: Long,
        ): Found? {
            if (at + RecordCodec.HEADER_BYTES > fileSize) return null
            readFully(channel, header.cleared(), at)
            val length = header.getInt(0)
            val fits = length >= Long.SIZE_BYTES && at + RecordCodec.HEADER_BYTES + length <= fileSize
            if (!fits) return null
            val body = ByteBuffer.allocate(length)
            readFully(channel, body, at + RecordCodec.HEADER_BYTES)
            val bytes = body.array()
            val seq = RecordCodec.seqOf(bytes)
            val valid = RecordCodec.crc(bytes) == header.getInt(4) && seq > lastSeq
            return if (valid) Found(seq, at, RecordCodec.HEADER_BYTES + length) else null
        }

        private fun readFully(channel: FileChannel, buf: ByteBuffer, position: Long) {
            while (buf.hasRemaining()) {
                if (channel.read(buf, position + buf.position()) < 0) return
            }
        }
    }
}
