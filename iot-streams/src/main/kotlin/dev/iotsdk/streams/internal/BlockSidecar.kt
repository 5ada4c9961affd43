package dev.iotsdk.streams.internal

import java.nio.ByteBuffer
import java.nio.channels.FileChannel
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardOpenOption
import java.util.BitSet

/**
 * The `<target>.blocks` file: a header naming what is downloaded (stream, file, size, block size) and one bit per
 * block on disk. Bounded: at most 98,304 blocks by AWS's limits, 12 KiB of bits. Reading one whose header names
 * something else (another stream, size or block size) gives an empty set, and the download starts over.
 *
 * Blocking IO: called on an IO dispatcher.
 */
internal class BlockSidecar private constructor(
    private val channel: FileChannel,
    private val headerSize: Int,
    val received: BitSet,
    private val totalBlocks: Int,
) : AutoCloseable {
    /** Writes the bits of [received] to disk (after the blocks they mark were written to the target). */
    fun save(force: Boolean) {
        val bytes = received.toByteArray().copyOf((totalBlocks + Byte.SIZE_BITS - 1) / Byte.SIZE_BITS)
        channel.write(ByteBuffer.wrap(bytes), headerSize.toLong())
        if (force) channel.force(false)
    }

    override fun close() = channel.close()

    companion object {
        private const val MAGIC = 0x494f5453_42314b53 // "IOTSB1KS"

        /** Opens (or creates) [path] for a download of [key]; an old sidecar for something else is reset. */
        fun open(path: Path, key: String, totalBlocks: Int): BlockSidecar {
            val header = header(key)
            val bitmapBytes = (totalBlocks + Byte.SIZE_BITS - 1) / Byte.SIZE_BITS
            val channel =
                FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)
            try {
                val received = read(channel, header, bitmapBytes, totalBlocks)
                if (received == null) {
                    channel.truncate(0)
                    channel.write(ByteBuffer.wrap(header), 0)
                    channel.write(ByteBuffer.allocate(bitmapBytes), header.size.toLong())
                }
                return BlockSidecar(channel, header.size, received ?: BitSet(totalBlocks), totalBlocks)
            } catch (e: java.io.IOException) {
                channel.close()
                throw e
            }
        }

        fun delete(path: Path) {
            Files.deleteIfExists(path)
        }

        private fun read(channel: FileChannel, header: ByteArray, bitmapBytes: Int, totalBlocks: Int): BitSet? {
            if (channel.size() != (header.size + bitmapBytes).toLong()) return null
            val existing = ByteBuffer.allocate(header.size + bitmapBytes)
            var more = true
            while (existing.hasRemaining() && more) more = channel.read(existing, existing.position().toLong()) > 0
            if (existing.hasRemaining()) return null // shorter than it said: written by something else
            val bytes = existing.array()
            val bits = BitSet.valueOf(bytes.copyOfRange(header.size, bytes.size))
            val same = bytes.copyOf(header.size).contentEquals(header) && bits.length() <= totalBlocks
            return bits.takeIf { same }
        }

        private fun header(key: String): ByteArray {
            val keyBytes = key.encodeToByteArray()
            return ByteBuffer.allocate(Long.SIZE_BYTES + Int.SIZE_BYTES + keyBytes.size)
                .putLong(MAGIC).putInt(keyBytes.size).put(keyBytes).array()
        }
    }
}
