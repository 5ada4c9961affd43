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
 * message. A [manual] collector hands QoS 1 messages out unacknowledged ([takeManual]); each is acknowledged when the
 * application calls [MqttMessage.acknowledge]. Thread-safe.
 */
internal class Collector(
    val filters: List<String>,
    capacity: Int,
    private val overflow: IncomingOverflow,
    private val router: IncomingRouter,
    val manual: Boolean = false,
) {
    private val channel = Channel<MqttMessage>(capacity)

    /**
     * Messages that did not fit, oldest first: an [MqttMessage] when it is already acknowledged (QoS 0, or QoS 1
     * within [IncomingRouter.qos1Buffer]), a [Delivery] when its acknowledgement waits for room. Guarded by this.
     */
    private val held = ArrayDeque<Any>()

    /** A [manual] collector's QoS 1 messages not acknowledged yet (buffered, held or with the application). */
    private val outstanding = HashSet<ManualAck>()

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

    /**
     * A [manual] collector's QoS 1 message: handed out (buffered, or held behind the others when the buffer is full,
     * never dropped) with its acknowledgement left to the application. The collector keeps [delivery] retained until
     * then; closing the collector releases it.
     */
    fun takeManual(delivery: Delivery) {
        val received = delivery.message
        val message = MqttMessage(received.topic, received.payload, received.qos, received.retain, received.properties)
        val ack = ManualAck(this, delivery)
        message.manualAck = ack
        val taken = synchronized(this) {
            val r = if (heldCount == 0) channel.trySend(message) else null
            when {
                r?.isClosed == true -> false
                r?.isSuccess == true -> true
                else -> {
                    held.addLast(message)
                    heldCount = held.size
                    true
                }
            }.also { if (it) outstanding.add(ack) }
        }
        if (!taken) delivery.release()
    }

    /** The application acknowledged a [manual] collector's message. */
    fun acknowledged(ack: ManualAck) {
        val mine = synchronized(this) { outstanding.remove(ack) }
        if (mine) ack.delivery.release()
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
            } else if (message.qos == Qos.AT_LEAST_ONCE && !manual) {
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

    /**
     * Stops the collector: its consumer sees the end (or [cause]); what it held, and a [manual] collector's messages
     * not acknowledged yet, are released (acknowledged).
     */
    fun close(cause: Throwable?) {
        val released: List<Delivery>
        val openGate: Boolean
        synchronized(this) {
            channel.close(cause)
            released = held.filterIsInstance<Delivery>() + outstanding.map { it.delivery }
            outstanding.clear()
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
