package dev.iotsdk.core.internal

import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.PublishResult
import dev.iotsdk.core.Qos
import dev.iotsdk.core.SubscribeOutcome
import dev.iotsdk.core.Subscription
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.suspendCancellableCoroutine
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException
import kotlin.time.TimeMark

/**
 * One queued or in-flight operation and the outcome its caller awaits: a one-shot result with a single waiter (the
 * caller that submitted it), lighter than a `CompletableDeferred` (no job state machine, no completion handler node:
 * publishes go through here tens of thousands of times a second).
 */
internal sealed class Operation<T> {
    /** `null` while pending, the waiting continuation while its caller is suspended, then an [Outcome] forever. */
    @Volatile private var state: Any? = null

    private class Outcome(val value: Any?, val error: Throwable?)

    /** Payload bytes, for the statistics. */
    abstract val size: Int

    val isDone: Boolean get() = state is Outcome

    /** The failure this operation ended with, or `null` (pending or succeeded). */
    val failure: Throwable? get() = (state as? Outcome)?.error

    /** Set once the operation was handed to a connection (it may be unacknowledged). */
    @Volatile var sent: Boolean = false

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

    /** Suspends until the operation is done; cancellable (the operation itself stays as it is). One waiter at a time. */
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
        val STATE: AtomicReferenceFieldUpdater<Operation<*>, Any?> =
            AtomicReferenceFieldUpdater.newUpdater(Operation::class.java, Any::class.java, "state")
    }

    class Publish(val message: MqttMessage) : Operation<PublishResult>() {
        override val size: Int get() = message.payload.size
        val isQos1: Boolean get() = message.qos == Qos.AT_LEAST_ONCE

        /** For a publish sent on the fast path: set once its caller stopped waiting (returned, failed or cancelled). */
        @Volatile var abandoned: Boolean = false

        /** For a publish sent on the fast path: when its caller stops waiting (`null`: never). */
        @Volatile var deadline: TimeMark? = null

        @Volatile private var settled = 0

        /**
         * For a publish sent on the fast path: true for the first of its transport's answer and its connection's
         * loss to claim it, which then decides what becomes of it.
         */
        fun settle(): Boolean = SETTLED.compareAndSet(this, 0, 1)

        /** True once [settle] was claimed. */
        val isSettled: Boolean get() = settled != 0

        private companion object {
            val SETTLED: AtomicIntegerFieldUpdater<Publish> = AtomicIntegerFieldUpdater.newUpdater(Publish::class.java, "settled")
        }
    }

    /**
     * SUBSCRIBE for [subscriptions]. [restorable] ones come from subscription flows: the client restores those after a
     * reconnect anyway, so a disconnect never fails them.
     */
    class Subscribe(val subscriptions: List<Subscription>, val restorable: Boolean) : Operation<List<SubscribeOutcome>>() {
        override val size: Int get() = 0
    }

    class Unsubscribe(val filters: List<String>, val restorable: Boolean) : Operation<List<Int>>() {
        override val size: Int get() = 0
    }
}
