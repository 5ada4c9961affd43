package dev.iotsdk.emulator.internal.streams

import dev.iotsdk.emulator.streams.EmulatedStreamFile
import java.io.RandomAccessFile
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicLong

/** One stream: its files, version (from 1, +1 per update, as AWS counts) and counters of what devices asked for. */
internal class StreamRecord(
    val streamId: String,
    val version: Int,
    val description: String?,
    val files: Map<Int, EmulatedStreamFile>,
    val roleArn: String,
    val createdAt: Double,
    val updatedAt: Double,
) {
    val blocksServed = AtomicLong()
    val getRequests = AtomicLong()
}

/** Where a control-plane stream file says its bytes are. */
internal class S3Location(val bucket: String, val key: String, val version: String?)

/** The streams and the emulator's stand-in S3 objects; thread-safe. */
internal class StreamStore {
    val streams = ConcurrentHashMap<String, StreamRecord>()
    val objects = ConcurrentHashMap<Pair<String, String>, EmulatedStreamFile>()

    /** [length] bytes of [file] from [offset]. */
    fun read(file: EmulatedStreamFile, offset: Long, length: Int): ByteArray {
        file.bytes?.let { return it.copyOfRange(offset.toInt(), offset.toInt() + length) }
        RandomAccessFile(checkNotNull(file.path).toFile(), "r").use { raf ->
            val out = ByteArray(length)
            raf.seek(offset)
            raf.readFully(out)
            return out
        }
    }
}
