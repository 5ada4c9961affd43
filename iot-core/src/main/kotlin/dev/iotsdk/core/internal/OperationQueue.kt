package dev.iotsdk.core.internal

import dev.iotsdk.core.OfflineQueueFullException
import dev.iotsdk.core.OfflineQueuePolicy
import dev.iotsdk.core.OverflowPolicy
import java.util.concurrent.atomic.AtomicLongFieldUpdater

/**
 * The bounded offline queue: operations wait here until a connection sends them. Overflow fails one operation with
 * [OfflineQueueFullException] as the policy says. Thread-safe.
 */
internal class OperationQueue(private val policy: OfflineQueuePolicy) {
    private val lock: Any get() = this
    private val items = ArrayDeque<Operation<*>>()

    @Volatile private var dropped = 0L

    /** Operations failed by the overflow policy so far. */
    val droppedByOverflow: Long get() = dropped

    val size: Int get() = synchronized(lock) { items.size }

    fun bytes(): Long = synchronized(lock) { items.sumOf { it.size.toLong() } }

    /** Adds [op] at the tail; on overflow one operation (the oldest or [op]) fails. */
    fun offer(op: Operation<*>) {
        var dropped: Operation<*>? = null
        synchronized(lock) {
            if (items.size >= policy.capacity) {
                when (policy.overflow) {
                    OverflowPolicy.DROP_NEWEST -> dropped = op
                    OverflowPolicy.DROP_OLDEST -> {
                        dropped = items.removeFirst()
                        items.addLast(op)
                    }
                }
            } else {
                items.addLast(op)
            }
        }
        dropped?.let {
            DROPPED.incrementAndGet(this)
            it.fail(OfflineQueueFullException(policy.capacity))
        }
    }

    /** Puts operations that were in flight back at the head, in their original order (no capacity check). */
    fun requeueFront(ops: List<Operation<*>>) {
        if (ops.isEmpty()) return
        synchronized(lock) { ops.asReversed().forEach { items.addFirst(it) } }
    }

    fun poll(): Operation<*>? = synchronized(lock) {
        while (items.isNotEmpty()) {
            val op = items.removeFirst()
            if (!op.isDone) return@synchronized op
        }
        null
    }

    fun remove(op: Operation<*>): Boolean = synchronized(lock) { items.remove(op) }

    /** Removes and returns every operation matching [predicate]. */
    fun removeAll(predicate: (Operation<*>) -> Boolean): List<Operation<*>> = synchronized(lock) {
        val out = items.filter(predicate)
        items.removeAll { it in out }
        out
    }

    private companion object {
        val DROPPED: AtomicLongFieldUpdater<OperationQueue> = AtomicLongFieldUpdater.newUpdater(OperationQueue::class.java, "dropped")
    }
}
