package dev.iotsdk.core.internal

import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.PublishResult
import dev.iotsdk.core.Qos
import dev.iotsdk.core.SubscribeOutcome
import dev.iotsdk.core.Subscription
import kotlinx.coroutines.CompletableDeferred
import java.util.concurrent.atomic.AtomicBoolean
import kotlin.time.TimeMark

/** One queued or in-flight operation and the deferred its caller awaits. */
internal sealed class Operation<T> {
    val result: CompletableDeferred<T> = CompletableDeferred()

    /** Payload bytes, for the statistics. */
    abstract val size: Int

    val isDone: Boolean get() = result.isCompleted

    /** Set once the operation was handed to a connection (it may be unacknowledged). */
    @Volatile var sent: Boolean = false

    fun fail(e: Throwable) {
        result.completeExceptionally(e)
    }

    class Publish(val message: MqttMessage) : Operation<PublishResult>() {
        override val size: Int get() = message.payload.size
        val isQos1: Boolean get() = message.qos == Qos.AT_LEAST_ONCE

        /** Sent on the fast path (by its caller, not the send loop). */
        @Volatile var direct: Boolean = false

        /** For a publish sent on the fast path: when its caller stops waiting (`null`: never). */
        @Volatile var deadline: TimeMark? = null

        private val settled = AtomicBoolean()

        /**
         * For a publish sent on the fast path: true for the first of its transport's answer and its connection's
         * loss to claim it, which then decides what becomes of it.
         */
        fun settle(): Boolean = settled.compareAndSet(false, true)
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
