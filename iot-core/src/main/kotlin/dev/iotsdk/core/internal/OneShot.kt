package dev.iotsdk.core.internal

import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.suspendCancellableCoroutine
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException

/**
 * A result that arrives once, awaited by one waiter at a time: lighter than a `CompletableDeferred` (no job state
 * machine, no completion-handler node), for what the client makes per publish or per connect.
 */
internal open class OneShot<T> {
    /** `null` while pending, the waiting continuation while its waiter is suspended, then an [Outcome] forever. */
    @Volatile private var state: Any? = null

    private class Outcome(val value: Any?, val error: Throwable?)

    val isDone: Boolean get() = state is Outcome

    /** The failure this ended with, or `null` (pending or succeeded). */
    val failure: Throwable? get() = (state as? Outcome)?.error

    /** Completes with [value]; false if it was already done. */
    fun complete(value: T): Boolean = finish(Outcome(value, null))

    /** Completes with [e]; false if it was already done. */
    fun fail(e: Throwable): Boolean = finish(Outcome(null, e))

    private fun finish(outcome: Outcome): Boolean {
        while (true) {
            val current = state
            if (current is Outcome) return false
            if (STATE.compareAndSet(this, current, outcome)) {
                @Suppress("UNCHECKED_CAST")
                (current as CancellableContinuation<Any?>?)?.let { waiter ->
                    if (outcome.error == null) waiter.resume(outcome.value) else waiter.resumeWithException(outcome.error)
                }
                return true
            }
        }
    }

    /** Suspends until done; cancellable (what is awaited stays as it is). One waiter at a time. */
    suspend fun await(): T {
        (state as? Outcome)?.let { return it.get() }
        return suspendCancellableCoroutine { cont ->
            while (true) {
                val current = state
                if (current is Outcome) {
                    if (current.error == null) cont.resume(current.get()) else cont.resumeWithException(current.error)
                    break
                }
                // replaces a waiter that was cancelled, if any
                if (STATE.compareAndSet(this, current, cont)) break
            }
        }
    }

    @Suppress("UNCHECKED_CAST")
    private fun Outcome.get(): T = if (error == null) value as T else throw error

    private companion object {
        val STATE: AtomicReferenceFieldUpdater<OneShot<*>, Any?> =
            AtomicReferenceFieldUpdater.newUpdater(OneShot::class.java, Any::class.java, "state")
    }
}
