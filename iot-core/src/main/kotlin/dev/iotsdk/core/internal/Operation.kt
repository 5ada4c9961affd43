package dev.iotsdk.core.internal

import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.PublishResult
import dev.iotsdk.core.Qos
import dev.iotsdk.core.SubscribeOutcome
import dev.iotsdk.core.Subscription
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater

/** One queued or in-flight operation, and the outcome its caller awaits. */
internal sealed class Operation<T> : OneShot<T>() {
    /** Payload bytes, for the statistics. */
    abstract val size: Int

    /** Set once the operation was handed to a connection (it may be unacknowledged). */
    @Volatile var sent: Boolean = false

    class Publish(val message: MqttMessage) : Operation<PublishResult>() {
        override val size: Int get() = message.payload.size
        val isQos1: Boolean get() = message.qos == Qos.AT_LEAST_ONCE

        /** For a publish sent on the fast path: set once its caller stopped waiting (returned, failed or cancelled). */
        @Volatile var abandoned: Boolean = false

        /**
         * For a publish sent on the fast path: when its caller stops waiting, in nanoseconds of the client's clock
         * ([Long.MAX_VALUE]: never).
         */
        @Volatile var deadlineNanos: Long = Long.MAX_VALUE

        // [PublishList]'s links, guarded by the list's lock
        var prevLink: Publish? = null
        var nextLink: Publish? = null
        var linked: Boolean = false

        @Volatile private var settled = 0

        /**
         * For a publish sent on the fast path: true for the first of its transport's answer and its connection's
         * loss to claim it, which then decides what becomes of it.
         */
        fun settle(): Boolean = SETTLED.compareAndSet(this, 0, 1)

        /** True once [settle] was claimed. */
        val isSettled: Boolean get() = settled != 0

        private companion object {
            val SETTLED: AtomicIntegerFieldUpdater<Publish> = AtomicIntegerFieldUpdater.newUpdater(
                Publish::class.java,
                "settled",
            )
        }
    }

    /**
     * SUBSCRIBE for [subscriptions]. [restorable] ones come from subscription flows: the client restores those after a
     * reconnect anyway, so a disconnect never fails them.
     */
    class Subscribe(val subscriptions: List<Subscription>, val restorable: Boolean) :
        Operation<List<SubscribeOutcome>>() {
        override val size: Int get() = 0
    }

    class Unsubscribe(val filters: List<String>, val restorable: Boolean) : Operation<List<Int>>() {
        override val size: Int get() = 0
    }
}
