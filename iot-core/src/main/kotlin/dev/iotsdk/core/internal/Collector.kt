package dev.iotsdk.core.internal

import dev.iotsdk.core.IncomingOverflow
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.Qos
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.flow.FlowCollector

/**
 * One consumer of incoming messages (a subscription, or a collector of the client's `messages`): its own bounded
 * buffer, and behind it the messages that did not fit and wait for room ([held]) with their acknowledgement. Flow
 * control is per collector: a full one holds or drops only its own messages (see [IncomingOverflow]). The router calls
 * [tryTake] and [hold] on the connection's I/O thread, one message at a time; the consumer calls [refill] after taking a
 * message. Thread-safe.
 */
internal class Collector(
    val filters: List<String>,
    capacity: Int,
    private val overflow: IncomingOverflow,
    private val router: IncomingRouter,
) {
    private val channel = Channel<MqttMessage>(capacity)

    /**
     * Messages that did not fit, oldest first: an [MqttMessage] when it is already acknowledged (QoS 0, or QoS 1
     * within [IncomingRouter.qos1Buffer]), a [Delivery] when its acknowledgement waits for room. Guarded by this.
     */
    private val held = ArrayDeque<Any>()

    /** Acknowledged QoS 1 messages in [held]. */
    private var bufferedQos1 = 0

    /** [held]'s size, readable without the lock. */
    @Volatile private var heldCount = 0

    /** True while this [IncomingOverflow.SLOW_CONNECTION] collector holds messages (the router's gate is closed). */
    private var gating = false

    @Volatile var dropped = 0L
        private set

    /** Buffers [message] if it fits and nothing is held before it; true when this collector is done with it. */
    fun tryTake(message: MqttMessage): Boolean = synchronized(this) {
        if (heldCount != 0) return false
        val r = channel.trySend(message)
        r.isSuccess || r.isClosed
    }

    /**
     * After [tryTake] failed: buffers [delivery]'s message behind the others (acknowledged: a QoS 1 message within
     * [IncomingRouter.qos1Buffer], or QoS 0 with [IncomingOverflow.SLOW_CONNECTION] within the hold limit), holds it
     * unacknowledged until there is room (QoS 1 beyond that), or drops it (QoS 0 otherwise). Returns true when this
     * collector no longer needs the acknowledgement held.
     */
    fun hold(delivery: Delivery): Boolean {
        var closeGate = false
        val done = synchronized(this) {
            holdLocked(delivery).also {
                if (overflow == IncomingOverflow.SLOW_CONNECTION && heldCount > 0 && !gating) {
                    gating = true
                    closeGate = true
                }
            }
        }
        if (closeGate) router.closeGate()
        return done
    }

    private fun holdLocked(delivery: Delivery): Boolean {
        val message = delivery.message
        if (heldCount == 0 && fits(message)) return true
        if (message.qos == Qos.AT_MOST_ONCE &&
            (overflow == IncomingOverflow.DROP_QOS0 || heldCount >= router.holdLimit)
        ) {
            dropped++
            router.countDropped()
            return true
        }
        val buffered = message.qos == Qos.AT_MOST_ONCE || bufferedQos1 < router.qos1Buffer
        if (message.qos == Qos.AT_LEAST_ONCE && buffered) bufferedQos1++
        held.addLast(if (buffered) message else delivery)
        heldCount = held.size
        return buffered
    }

    private fun fits(message: MqttMessage): Boolean {
        val r = channel.trySend(message)
        return r.isSuccess || r.isClosed
    }

    /** Moves held messages into the buffer while there is room (the consumer just took one). */
    fun refill() {
        if (heldCount == 0) return
        var openGate = false
        val moved = synchronized(this) {
            val moved = moveHeld()
            if (heldCount == 0 && gating) {
                gating = false
                openGate = true
            }
            moved
        }
        moved?.forEach { it.release() }
        if (openGate) router.openGate()
    }

    /** Under the lock: moves what fits from [held] into the buffer; returns the deliveries to release. */
    private fun moveHeld(): List<Delivery>? {
        var moved: ArrayList<Delivery>? = null
        while (held.isNotEmpty()) {
            val entry = held.first()
            val message = if (entry is Delivery) entry.message else entry as MqttMessage
            if (!fits(message)) break
            held.removeFirst()
            if (entry is Delivery) {
                (moved ?: ArrayList<Delivery>().also { moved = it }).add(entry)
            } else if (message.qos == Qos.AT_LEAST_ONCE) {
                bufferedQos1--
            }
        }
        heldCount = held.size
        return moved
    }

    /** Emits every message to [out] until the collector is closed (then returns, or throws its cause). */
    suspend fun emitAllTo(out: FlowCollector<MqttMessage>) {
        for (m in channel) {
            refill()
            out.emit(m)
        }
    }

    /** Stops the collector: its consumer sees the end (or [cause]); what it held is released (acknowledged). */
    fun close(cause: Throwable?) {
        val released: List<Delivery>
        val openGate: Boolean
        synchronized(this) {
            channel.close(cause)
            released = held.filterIsInstance<Delivery>()
            held.clear()
            bufferedQos1 = 0
            heldCount = 0
            openGate = gating
            gating = false
        }
        released.forEach { it.release() }
        if (openGate) router.openGate()
    }
}
