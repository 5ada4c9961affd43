package dev.iotsdk.core.internal

import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.suspendCancellableCoroutine
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException

/**
 * A result that arrives once, awaited by one waiter at a time: lighter than a `CompletableDeferred` (no job state
 * machine, no completion-handler node), for what the client makes per publish or per connect. A success is stored
 * as the value itself, so completing one allocates nothing.
 */
internal open class OneShot<T> {
    /**
     * `null` while pending, the waiting continuation while its waiter is suspended, then forever a [Failure], [NULL]
     * (a `null` value) or the value. No value the client stores is a continuation or a [Failure].
     */
    @Volatile private var state: Any? = null

    private class Failure(val error: Throwable)

    /** A listener registered by [invokeOnDone], in place of a waiting continuation. */
    private class Listener(val onDone: (Any?, Throwable?) -> Unit)

    val isDone: Boolean get() = isOutcome(state)

    /** The value this succeeded with, or `null` (pending, failed, or a `null` value). */
    val valueOrNull: T?
        @Suppress("UNCHECKED_CAST")
        get() = state.let { if (isOutcome(it) && it !is Failure) valueOf(it!!) as T else null }

    /** The failure this ended with, or `null` (pending or succeeded). */
    val failure: Throwable? get() = (state as? Failure)?.error

    /** Completes with [value]; false if it was already done. */
    fun complete(value: T): Boolean = finish(value ?: NULL)

    /** Completes with [e]; false if it was already done. */
    fun fail(e: Throwable): Boolean = finish(Failure(e))

    private fun finish(outcome: Any): Boolean {
        while (true) {
            val current = state
            if (isOutcome(current)) return false
            if (STATE.compareAndSet(this, current, outcome)) {
                if (current is Listener) {
                    val error = (outcome as? Failure)?.error
                    current.onDone(if (error == null) valueOf(outcome) else null, error)
                    return true
                }
                @Suppress("UNCHECKED_CAST")
                (current as CancellableContinuation<Any?>?)?.let { waiter ->
                    // on the transport's thread: waiters on Dispatchers.Default share a dispatch
                    if (outcome is Failure) {
                        DefaultResume.resumeWithException(waiter, outcome.error)
                    } else {
                        DefaultResume.resume(waiter, valueOf(outcome))
                    }
                }
                return true
            }
        }
    }

    /** Suspends until done; cancellable (what is awaited stays as it is). One waiter at a time. */
    suspend fun await(): T {
        val now = state
        if (isOutcome(now)) return get(now!!)
        return suspendCancellableCoroutine { cont ->
            while (true) {
                val current = state
                if (isOutcome(current)) {
                    if (current is Failure) cont.resumeWithException(current.error) else cont.resume(get(current!!))
                    break
                }
                // replaces a waiter that was cancelled, if any
                if (STATE.compareAndSet(this, current, cont)) break
            }
        }
    }

    /**
     * Calls [onDone] once with the value or the failure, on the thread that completes this (at once if it is done):
     * for a caller that does not suspend, instead of [await] (one or the other, once).
     */
    @Suppress("UNCHECKED_CAST")
    fun invokeOnDone(onDone: (T?, Throwable?) -> Unit) {
        val listener = Listener(onDone as (Any?, Throwable?) -> Unit)
        while (true) {
            val current = state
            if (isOutcome(current)) {
                if (current is Failure) onDone(null, current.error) else onDone(valueOf(current!!) as T, null)
                return
            }
            if (STATE.compareAndSet(this, current, listener)) return
        }
    }

    @Suppress("UNCHECKED_CAST")
    private fun get(outcome: Any): T = if (outcome is Failure) throw outcome.error else valueOf(outcome) as T

    private companion object {
        /** A `null` value. */
        val NULL = Any()

        fun isOutcome(state: Any?): Boolean =
            state != null && state !is CancellableContinuation<*> && state !is Listener

        fun valueOf(outcome: Any): Any? = if (outcome === NULL) null else outcome

        val STATE: AtomicReferenceFieldUpdater<OneShot<*>, Any?> =
            AtomicReferenceFieldUpdater.newUpdater(OneShot::class.java, Any::class.java, "state")
    }
}
