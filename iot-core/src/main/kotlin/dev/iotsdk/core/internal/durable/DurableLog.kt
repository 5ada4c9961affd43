package dev.iotsdk.core.internal.durable

import dev.iotsdk.core.DurableQueue
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.OfflineQueueFullException
import dev.iotsdk.core.OverflowPolicy
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import java.nio.file.Files
import java.nio.file.Path
import java.util.TreeMap

/**
 * The durable queue's files: segment files of records ([RecordCodec]), the [AckCursor] and the [DirectoryLock]. Keeps
 * an index of the records not yet delivered (in memory: sequence number, segment, offset, length; payloads stay on
 * disk), applies the bounds on append, and deletes a segment once every record in it was delivered or dropped. Blocking
 * file I/O: call it off the event loop. Thread-safe.
 */
internal class DurableLog private constructor(
    private val config: DurableQueue,
    private val lock: DirectoryLock,
    private val cursor: AckCursor,
    recovered: Recovery,
) {
    /** A record not yet delivered. */
    class Entry(val seq: Long, val segment: Segment, val offset: Long, val length: Int)

    private val pending = TreeMap<Long, Entry>()
    private val segments = TreeMap<Long, Segment>()
    private var active: Segment? = null
    private var nextSeq: Long
    private var pendingBytes = 0L
    private var closed = false

    /** Guards [force]s; appends go on meanwhile (group commit). */
    private val syncLock = Any()

    /** Sequence numbers below this one are on the device. */
    @Volatile private var syncedBelow: Long

    /** The last appended sequence number: the sender waits on it for new records. */
    private val last: MutableStateFlow<Long>

    /** Records dropped by [DurableQueue.overflow] since the queue was opened. */
    @Volatile var dropped = 0L
        private set

    /** Torn or corrupt tails skipped when the queue was opened. */
    val skipped: Long = recovered.skipped

    init {
        recovered.segments.forEach { segments[it.firstSeq] = it }
        recovered.entries.forEach {
            pending[it.seq] = it
            pendingBytes += it.length
        }
        nextSeq = recovered.nextSeq
        syncedBelow = nextSeq
        last = MutableStateFlow(nextSeq - 1)
        compact()
    }

    val lastSeq: StateFlow<Long> get() = last

    val size: Int get() = synchronized(this) { pending.size }

    val bytes: Long get() = synchronized(this) { pendingBytes }

    /**
     * Writes [message] as the newest record and returns its sequence number (not yet forced: see [sync]).
     * @throws OfflineQueueFullException if the bounds refuse it.
     */
    fun append(message: MqttMessage): Long {
        val seq: Long
        synchronized(this) {
            check(!closed) { "closed" }
            seq = nextSeq
            val record = RecordCodec.encode(seq, message)
            val length = record.remaining()
            makeRoom(length)
            val segment = activeSegment(length)
            val offset = segment.append(record)
            nextSeq = seq + 1
            pending[seq] = Entry(seq, segment, offset, length)
            pendingBytes += length
        }
        last.value = seq
        return seq
    }

    /** Forces the records up to [seq] to the device, sharing the `fsync` with concurrent callers. */
    fun sync(seq: Long) {
        if (seq < syncedBelow) return
        synchronized(syncLock) {
            if (seq < syncedBelow) return
            val (segment, below) = synchronized(this) { active to nextSeq }
            segment?.force()
            syncedBelow = below
        }
    }

    /** Forces what was written since the last [sync] (the interval flusher). */
    fun syncAll() {
        val below = synchronized(this) { if (closed) return else nextSeq }
        if (below > syncedBelow) sync(below - 1)
    }

    /** The oldest undelivered record after [seq], or `null`. */
    fun next(seq: Long): Entry? = synchronized(this) { pending.higherEntry(seq)?.value }

    /** [entry]'s message, or `null` if it was delivered or dropped meanwhile (its file may be gone). */
    fun read(entry: Entry): MqttMessage? {
        val buf = try {
            entry.segment.read(entry.offset + RecordCodec.HEADER_BYTES, entry.length - RecordCodec.HEADER_BYTES)
        } catch (e: java.io.IOException) {
            if (synchronized(this) { pending[entry.seq] !== entry }) return null
            throw e
        }
        return RecordCodec.decode(buf.array())
    }

    /** The record [seq] was delivered (or refused by the broker): it leaves the queue. */
    fun ack(seq: Long) {
        synchronized(this) {
            if (closed) return
            val entry = pending.remove(seq) ?: return
            pendingBytes -= entry.length
            compact()
        }
    }

    fun close() {
        synchronized(this) {
            if (closed) return
            closed = true
        }
        synchronized(syncLock) {
            synchronized(this) {
                segments.values.forEach { runCatching { it.force() } }
                segments.values.forEach { it.close() }
                cursor.close()
            }
        }
        lock.release()
    }

    /** Drops the oldest records (or refuses [length] more bytes) as [DurableQueue.overflow] says; under the lock. */
    private fun makeRoom(length: Int) {
        fun full() = pending.size + 1 > config.maxMessages || pendingBytes + length > config.maxBytes
        if (!full()) return
        if (config.overflow == OverflowPolicy.DROP_NEWEST || length > config.maxBytes) {
            dropped++
            throw OfflineQueueFullException(config.maxMessages)
        }
        while (full() && pending.isNotEmpty()) {
            val oldest = pending.pollFirstEntry().value
            pendingBytes -= oldest.length
            dropped++
        }
        compact()
    }

    /** The segment to append [length] bytes to, rolling to a new one past [SEGMENT_BYTES]; under the lock. */
    private fun activeSegment(length: Int): Segment {
        val current = active
        if (current != null && (current.size == 0L || current.size + length <= SEGMENT_BYTES)) return current
        current?.force()
        return Segment.create(config.directory, nextSeq).also {
            segments[it.firstSeq] = it
            active = it
            forceDirectory(config.directory)
        }
    }

    /** Deletes the segments whose records are all delivered and moves the cursor on; under the lock. */
    private fun compact() {
        val firstPending = pending.firstEntry()?.key ?: nextSeq
        cursor.advance(firstPending)
        var oldest = deletable(firstPending)
        while (oldest != null) {
            segments.remove(oldest.firstSeq)
            oldest.delete()
            oldest = deletable(firstPending)
        }
    }

    /** The oldest segment if it is not the active one and holds only records before [firstPending]. */
    private fun deletable(firstPending: Long): Segment? {
        val oldest = segments.firstEntry()?.value ?: return null
        val following = segments.higherKey(oldest.firstSeq)
        return oldest.takeIf { it !== active && following != null && following <= firstPending }
    }

    /** What [open] found on disk. */
    private class Recovery(val segments: List<Segment>, val entries: List<Entry>, val nextSeq: Long, val skipped: Long)

    companion object {
        /** A new segment starts once the active one would pass this size. */
        const val SEGMENT_BYTES = 1L shl 20

        /**
         * Locks [config]'s directory and reads what it holds: the undelivered records of the segment files, skipping
         * (and truncating) torn or corrupt tails.
         */
        fun open(config: DurableQueue): DurableLog {
            val dir = config.directory
            Files.createDirectories(dir)
            val lock = DirectoryLock.acquire(dir)
            var log: DurableLog? = null
            try {
                val cursor = AckCursor.open(dir)
                log = DurableLog(config, lock, cursor, recover(dir, cursor.value))
                return log
            } finally {
                if (log == null) lock.release()
            }
        }

        private fun recover(dir: Path, delivered: Long): Recovery {
            val files = Files.list(dir).use { s ->
                s.iterator().asSequence().filter { it.fileName.toString().endsWith(Segment.SUFFIX) }.sorted().toList()
            }
            val segments = ArrayList<Segment>()
            val entries = ArrayList<Entry>()
            var nextSeq = delivered
            var skipped = 0L
            for (file in files) {
                val scan = SegmentScan.scan(file)
                if (scan.skippedBytes > 0) skipped++
                val live = scan.records.filter { it.seq >= delivered }
                scan.records.lastOrNull()?.let { nextSeq = maxOf(nextSeq, it.seq + 1) }
                if (live.isEmpty()) {
                    Files.delete(file)
                    continue
                }
                val segment = Segment.open(file, scan.records.first().seq)
                segments.add(segment)
                live.forEach { entries.add(Entry(it.seq, segment, it.offset, it.length)) }
            }
            return Recovery(segments, entries, nextSeq, skipped)
        }

        private fun forceDirectory(dir: Path) {
            runCatching {
                java.nio.channels.FileChannel.open(dir, java.nio.file.StandardOpenOption.READ).use { it.force(true) }
            }
        }
    }
}
