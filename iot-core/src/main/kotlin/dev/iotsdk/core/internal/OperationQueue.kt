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

    /** Made by the first operation queued (most clients publish on the fast path and never queue); under [lock]. */
    private var deque: ArrayDeque<Operation<*>>? = null
    private val items: ArrayDeque<Operation<*>> get() = deque ?: ArrayDeque<Operation<*>>().also { deque = it }

    /** [items]' size, readable without the lock (every publish looks at it). */
    @Volatile private var count = 0

    @Volatile private var dropped = 0L

    /** Operations failed by the overflow policy so far. */
    val droppedByOverflow: Long get() = dropped

    val size: Int get() = count

    fun bytes(): Long = synchronized(lock) { deque?.sumOf { it.size.toLong() } ?: 0L }

    /**
     * Adds [op] at the tail. On overflow one operation (the oldest or [op]) fails, unless the client is [connected]
     * and the policy does not bound the queue then: a connected client's callers wait in the queue for the window.
     */
    fun offer(op: Operation<*>, connected: Boolean = false) {
        var dropped: Operation<*>? = null
        synchronized(lock) {
            if (items.size >= policy.capacity && (!connected || policy.boundWhileConnected)) {
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
            count = items.size
        }
        dropped?.let {
            DROPPED.incrementAndGet(this)
            it.fail(OfflineQueueFullException(policy.capacity))
        }
    }

    /** The connection was lost: what waits beyond the capacity fails by the overflow policy, as if offered now. */
    fun trimToCapacity() {
        val failed = synchronized(lock) {
            val items = deque ?: return
            val out = ArrayList<Operation<*>>()
            while (items.size > policy.capacity) {
                out.add(if (policy.overflow == OverflowPolicy.DROP_OLDEST) items.removeFirst() else items.removeLast())
            }
            count = items.size
            out
        }
        failed.forEach {
            DROPPED.incrementAndGet(this)
            it.fail(OfflineQueueFullException(policy.capacity))
        }
    }

    /** Puts operations that were in flight back at the head, in their original order (no capacity check). */
    fun requeueFront(ops: List<Operation<*>>) {
        if (ops.isEmpty()) return
        synchronized(lock) {
            ops.asReversed().forEach { items.addFirst(it) }
            count = items.size
        }
    }

    fun poll(): Operation<*>? = synchronized(lock) {
        val items = deque ?: return null
        try {
            while (items.isNotEmpty()) {
                val op = items.removeFirst()
                if (!op.isDone) return@synchronized op
            }
            null
        } finally {
            count = items.size
        }
    }

    fun remove(op: Operation<*>): Boolean = synchronized(lock) {
        val items = deque ?: return false
        items.remove(op).also { count = items.size }
    }

    /** Removes and returns every operation matching [predicate]. */
    fun removeAll(predicate: (Operation<*>) -> Boolean): List<Operation<*>> = synchronized(lock) {
        val items = deque ?: return emptyList()
        val out = items.filter(predicate)
        items.removeAll { it in out }
        count = items.size
        out
    }

    private companion object {
        val DROPPED: AtomicLongFieldUpdater<OperationQueue> = AtomicLongFieldUpdater.newUpdater(
            OperationQueue::class.java,
            "dropped",
        )
    }
}
