package dev.iotsdk.core.internal

import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.suspendCancellableCoroutine
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater
import kotlin.coroutines.resume

/**
 * A connection's in-flight window: [permits] slots for unacknowledged operations. Publishers on the fast path only
 * [tryAcquire]; the one queue drainer of a session may also wait in [acquire]. A `kotlinx.coroutines` semaphore does
 * the same for any number of waiters, at about 200 bytes more per connection, which 10,000 idle connections notice.
 */
internal open class SendWindow(permits: Int) {
    @Volatile private var available: Int = permits

    /** The drainer waiting for a slot, if any. */
    @Volatile private var waiter: CancellableContinuation<Unit>? = null

    /** Takes a slot if one is free, without waiting. */
    fun tryAcquire(): Boolean {
        while (true) {
            val now = available
            if (now <= 0) return false
            if (AVAILABLE.compareAndSet(this, now, now - 1)) return true
        }
    }

    /** Takes a slot, waiting for one; for at most one caller at a time. Cancellable. */
    suspend fun acquire() {
        while (!tryAcquire()) {
            suspendCancellableCoroutine { cont ->
                waiter = cont
                // a release between the failed tryAcquire and the line above found no waiter: look again
                if (available > 0) WAITER.getAndSet(this, null)?.resume(Unit)
            }
        }
    }

    /** Gives a slot back and wakes the waiting drainer, if any. */
    fun release() {
        AVAILABLE.incrementAndGet(this)
        if (waiter != null) WAITER.getAndSet(this, null)?.resume(Unit)
    }

    private companion object {
        val AVAILABLE: AtomicIntegerFieldUpdater<SendWindow> =
            AtomicIntegerFieldUpdater.newUpdater(SendWindow::class.java, "available")

        @Suppress("UNCHECKED_CAST")
        val WAITER: AtomicReferenceFieldUpdater<SendWindow, CancellableContinuation<Unit>?> =
            AtomicReferenceFieldUpdater.newUpdater(
                SendWindow::class.java,
                CancellableContinuation::class.java as Class<CancellableContinuation<Unit>?>,
                "waiter",
            )
    }
}
