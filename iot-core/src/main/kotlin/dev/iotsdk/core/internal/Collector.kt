package dev.iotsdk.core.internal

import dev.iotsdk.core.IncomingOverflow
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.Qos
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.flow.FlowCollector
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlin.coroutines.resume

/**
 * One consumer of incoming messages (a subscription, or a collector of the client's `messages`): its own buffer,
 * bounded by bytes ([maxBytes], each message counted by [costOf]) and, for QoS 1, by count ([maxQos1]: what it
 * acknowledges before the broker's receive maximum pushes back), and behind it the messages that did not fit and wait
 * for room ([held]) with their acknowledgement. Flow control is per collector: a full one holds or drops only its own
 * messages (see [IncomingOverflow]). The router calls [tryTake] and [hold] on the connection's I/O thread, one message
 * at a time; the consumer's side ([emitAllTo]) frees the room of each message it takes. A [manual] collector hands
 * QoS 1 messages out unacknowledged ([takeManual]); each is acknowledged when the application calls
 * [MqttMessage.acknowledge]. Thread-safe.
 */
internal class Collector(
    val filters: List<String>,
    private val maxQos1: Int,
    private val maxBytes: Long,
    private val overflow: IncomingOverflow,
    private val router: IncomingRouter,
    val manual: Boolean = false,
) {
    /**
     * The messages waiting for the consumer, oldest first: unbounded itself, what it holds is bounded by [fits].
     * Guarded by this, the lock the router takes per message anyway: no queue of its own, no atomics per message.
     */
    private val buffer = ArrayDeque<MqttMessage>()

    /**
     * The consumer suspended until [buffer] holds a message or this is closed, resumed outside the lock: one
     * continuation, or a list of them while several collect at once (each message goes to one; all are woken, the
     * others wait again). A cancelled one stays until the next wake-up, which it ignores, or until another consumer
     * starts waiting, which drops it: a consumer that keeps timing out on an idle subscription leaves at most one.
     * Guarded by this.
     */
    private var waiting: Any? = null

    /** What [buffer] holds, counted by [costOf]; guarded by this. */
    private var bytes = 0L

    /** QoS 1 messages in [buffer]; guarded by this. */
    private var qos1InBuffer = 0

    /** Set by [close], with its cause; guarded by this. The consumer still gets what [buffer] holds, then the end. */
    private var closed = false
    private var closeCause: Throwable? = null

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
    fun tryTake(message: MqttMessage): Boolean {
        var toWake: Any? = null
        val taken = synchronized(this) {
            (heldCount == 0 && fits(message)).also { toWake = waiterToWake() }
        }
        wake(toWake)
        return taken
    }

    /** Under the lock: the suspended consumers ([waiting]), taken if they have something to do (a message, the end). */
    private fun waiterToWake(): Any? = if (buffer.isEmpty() && !closed) null else waiting.also { waiting = null }

    /** Outside the lock: resumes what [waiterToWake] took. */
    @Suppress("UNCHECKED_CAST")
    private fun wake(waiters: Any?) {
        when (waiters) {
            null -> return
            is ArrayList<*> -> waiters.forEach { DefaultResume.resume(it as CancellableContinuation<Unit>, Unit) }
            else -> DefaultResume.resume(waiters as CancellableContinuation<Unit>, Unit)
        }
    }

    /**
     * After [tryTake] failed: buffers [delivery]'s message behind the others (acknowledged: a QoS 1 message within
     * [IncomingRouter.qos1Buffer], or QoS 0 with [IncomingOverflow.SLOW_CONNECTION] within the hold limit), holds it
     * unacknowledged until there is room (QoS 1 beyond that), or drops it (QoS 0 otherwise). Returns true when this
     * collector no longer needs the acknowledgement held.
     */
    fun hold(delivery: Delivery): Boolean {
        var closeGate = false
        var toWake: Any? = null
        val done = synchronized(this) {
            holdLocked(delivery).also {
                if (overflow == IncomingOverflow.SLOW_CONNECTION && heldCount > 0 && !gating) {
                    gating = true
                    closeGate = true
                }
                toWake = waiterToWake()
            }
        }
        wake(toWake)
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
        var toWake: Any? = null
        val taken = synchronized(this) {
            when {
                closed -> false
                heldCount == 0 && fits(message) -> true
                else -> {
                    held.addLast(message)
                    heldCount = held.size
                    true
                }
            }.also {
                if (it) outstanding.add(ack)
                toWake = waiterToWake()
            }
        }
        wake(toWake)
        if (!taken) delivery.release()
    }

    /** The application acknowledged a [manual] collector's message. */
    fun acknowledged(ack: ManualAck) {
        val mine = synchronized(this) { outstanding.remove(ack) }
        if (mine) ack.delivery.release()
    }

    /**
     * Under the lock: buffers [message] if it fits the budget (a message alone in an empty buffer always does); true
     * when it was buffered or the collector is closed (nobody needs it).
     */
    private fun fits(message: MqttMessage): Boolean {
        val cost = costOf(message)
        val qos1 = message.qos == Qos.AT_LEAST_ONCE
        val room = (bytes == 0L || bytes + cost <= maxBytes) && (!qos1 || qos1InBuffer < maxQos1)
        // closed: nobody needs it
        if (room && !closed) {
            buffer.addLast(message)
            bytes += cost
            if (qos1) qos1InBuffer++
        }
        return room
    }

    /**
     * Takes the oldest buffered message, suspending while there is none: its room is free, and held messages move in.
     * Null once the collector is closed and empty (or throws the cause it was closed with).
     */
    private suspend fun next(): MqttMessage? {
        while (true) {
            var openGate = false
            var moved: List<Delivery>? = null
            var ended = false
            val message = synchronized(this) {
                val taken = buffer.removeFirstOrNull()
                if (taken == null) {
                    ended = closed
                } else {
                    bytes -= costOf(taken)
                    if (taken.qos == Qos.AT_LEAST_ONCE) qos1InBuffer--
                    if (heldCount != 0) {
                        moved = moveHeld()
                        if (heldCount == 0 && gating) {
                            gating = false
                            openGate = true
                        }
                    }
                }
                taken
            }
            moved?.forEach { it.release() }
            if (openGate) router.openGate()
            if (message != null) return message
            if (ended) return closeCause?.let { throw it }
            awaitMessage()
        }
    }

    /** Under the lock: [waiting] with [cont] added and the cancelled ones dropped. */
    @Suppress("UNCHECKED_CAST")
    private fun withWaiter(cont: CancellableContinuation<Unit>): Any = when (val others = waiting) {
        null -> cont
        is ArrayList<*> -> (others as ArrayList<CancellableContinuation<Unit>>).apply {
            removeAll { it.isCancelled }
            add(cont)
        }
        else -> if ((others as CancellableContinuation<*>).isCancelled) cont else arrayListOf(others, cont)
    }

    /** How many consumers wait ([waiting], a cancelled one included until the next wake-up): for tests. */
    fun waiters(): Int = synchronized(this) {
        when (val w = waiting) {
            null -> 0
            is ArrayList<*> -> w.size
            else -> 1
        }
    }

    /** Suspends until [buffer] holds a message or this is closed (at once if that is already so). */
    private suspend fun awaitMessage() = suspendCancellableCoroutine { cont ->
        val ready = synchronized(this) {
            (buffer.isNotEmpty() || closed).also { if (!it) waiting = withWaiter(cont) }
        }
        if (ready) cont.resume(Unit)
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
        while (true) out.emit(next() ?: return)
    }

    /**
     * Stops the collector: its consumer sees the end (or [cause]); what it held, and a [manual] collector's messages
     * not acknowledged yet, are released (acknowledged).
     */
    fun close(cause: Throwable?) {
        val released: List<Delivery>
        val openGate: Boolean
        val waiters: Any?
        synchronized(this) {
            if (!closed) closeCause = cause
            closed = true
            waiters = waiting
            waiting = null
            released = held.filterIsInstance<Delivery>() + outstanding.map { it.delivery }
            outstanding.clear()
            held.clear()
            bufferedQos1 = 0
            bytes = 0L
            qos1InBuffer = 0
            heldCount = 0
            openGate = gating
            gating = false
        }
        wake(waiters)
        released.forEach { it.release() }
        if (openGate) router.openGate()
    }
}

/** Bookkeeping counted per buffered message on top of its payload and topic: the message, its arrays and a slot. */
private const val MESSAGE_OVERHEAD = 128

/** What [message] costs a collector's byte budget. */
private fun costOf(message: MqttMessage): Long = message.payload.size.toLong() + message.topic.length + MESSAGE_OVERHEAD
