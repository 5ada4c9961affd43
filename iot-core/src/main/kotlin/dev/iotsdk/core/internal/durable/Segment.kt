package dev.iotsdk.core.internal.durable

import java.nio.ByteBuffer
import java.nio.channels.FileChannel
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardOpenOption

/**
 * One segment file of a durable queue, named for the sequence number of its first record (`<20 digits>.seg`). Records
 * are appended at [size]; reads are positional, so they may run alongside an append. Not thread-safe for appends.
 */
internal class Segment(val path: Path, val firstSeq: Long, private val channel: FileChannel, size: Long) {
    /** Bytes of whole records in the file (where the next one goes). */
    var size: Long = size
        private set

    /** Writes [record] at the end; returns its offset. */
    fun append(record: ByteBuffer): Long {
        val offset = size
        var at = offset
        while (record.hasRemaining()) at += channel.write(record, at)
        size = at
        return offset
    }

    /** Reads [length] bytes at [offset]. */
    fun read(offset: Long, length: Int): ByteBuffer {
        val buf = ByteBuffer.allocate(length)
        while (buf.hasRemaining()) {
            if (channel.read(buf, offset + buf.position()) < 0) break
        }
        return buf.flipped()
    }

    fun force() {
        channel.force(false)
    }

    fun close() {
        channel.close()
    }

    fun delete() {
        channel.close()
        Files.deleteIfExists(path)
    }

    companion object {
        const val SUFFIX = ".seg"

        fun fileName(firstSeq: Long): String = "%020d$SUFFIX".format(firstSeq)

        /** Makes a new, empty segment for records from [firstSeq] on. */
        fun create(directory: Path, firstSeq: Long): Segment {
            val path = directory.resolve(fileName(firstSeq))
            val channel = FileChannel.open(
                path,
                StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE,
            )
            return Segment(path, firstSeq, channel, 0)
        }

        /** Opens an existing segment file for reading and appending. */
        fun open(path: Path, firstSeq: Long): Segment {
            val channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
            return Segment(path, firstSeq, channel, channel.size())
        }
    }
}
