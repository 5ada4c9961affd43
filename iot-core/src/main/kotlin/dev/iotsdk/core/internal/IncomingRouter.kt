package dev.iotsdk.core.internal

import dev.iotsdk.core.IncomingOverflow
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.Qos
import dev.iotsdk.core.internal.transport.IncomingPublish
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import java.util.concurrent.atomic.AtomicLongFieldUpdater

/**
 * Hands incoming messages to the collectors whose filters match and to the collectors of the client's `messages`,
 * each into its own buffer ([Collector]): no shared queue, so one slow collector delays nobody else. A message is
 * acknowledged once every collector took it (or dropped it, QoS 0 only); a QoS 1 message that does not fit is held
 * unacknowledged by the collector, so the broker's receive maximum, not the client, limits what waits. While an
 * [IncomingOverflow.SLOW_CONNECTION] collector holds messages, every QoS 1 acknowledgement waits behind its gate.
 */
internal class IncomingRouter(private val client: DefaultIotMqttClient) : (IncomingPublish) -> Unit {
    // getters, not fields: a client at scale pays for every field of its parts
    private val config get() = client.config
    private val registry get() = client.registry

    /** How many QoS 0 messages an [IncomingOverflow.SLOW_CONNECTION] collector holds before it drops. */
    val holdLimit: Int get() = config.receiveMaximum + QOS0_HOLD

    /**
     * How many QoS 1 messages a collector buffers (and acknowledges) beyond its buffer before it holds their
     * acknowledgement. MQTT acknowledges in order, so one held acknowledgement stops every later one: the broker's
     * receive maximum then slows the whole connection, which this extra room keeps a short stall from doing.
     */
    val qos1Buffer: Int get() = config.receiveMaximum

    /** Collectors of [messages]; copied on write, under this. */
    @Volatile private var listeners: Array<Collector> = EMPTY

    @Volatile private var droppedIncoming = 0L

    /** Collectors with [IncomingOverflow.SLOW_CONNECTION] that hold messages; QoS 1 acknowledgements wait while > 0. */
    @Volatile private var gates = 0

    /** QoS 1 messages whose acknowledgement waits for the gates to open; guarded by this. */
    private var parked: ArrayList<IncomingPublish>? = null

    /** Incoming QoS 0 messages dropped so far, over all collectors. */
    val dropped: Long get() = droppedIncoming

    /**
     * Every incoming message, whatever subscription it came for; each collector has its own buffer. A new cold flow per
     * call (a client whose `messages` nobody collects, most at scale, keeps none).
     */
    val messages: Flow<MqttMessage> get() = flow {
        val c = Collector(
            emptyList(),
            config.subscriberBufferSize,
            config.subscriberBufferBytes.toLong(),
            IncomingOverflow.DROP_QOS0,
            this@IncomingRouter,
        )
        synchronized(this@IncomingRouter) { listeners += c }
        try {
            // closed before this collector was listed: close() cannot end it, so end here (as it ends every flow)
            if (client.closed) return@flow
            c.emitAllTo(this)
        } finally {
            synchronized(this@IncomingRouter) { listeners = listeners.filter { it !== c }.toTypedArray() }
            c.close(null)
        }
    }

    /** A collector for a subscription of [filters]. */
    fun collector(filters: List<String>, overflow: IncomingOverflow, manual: Boolean = false): Collector =
        Collector(filters, config.subscriberBufferSize, config.subscriberBufferBytes.toLong(), overflow, this, manual)

    /** The transport's sink: [onIncoming]. */
    override fun invoke(p: IncomingPublish): Unit = onIncoming(p)

    /**
     * Called on the connection's I/O thread, one message at a time: each matching collector takes the message into
     * its buffer or holds it; it is acknowledged once none holds it any more.
     */
    fun onIncoming(p: IncomingPublish) {
        var delivery: Delivery? = null
        for (c in registry.matching(p.message.topic)) delivery = offer(c, p, delivery)
        for (c in listeners) delivery = offer(c, p, delivery)
        if (delivery == null) acknowledge(p) else delivery.release()
    }

    private fun offer(c: Collector, p: IncomingPublish, delivery: Delivery?): Delivery? {
        if (c.manual && p.message.qos == Qos.AT_LEAST_ONCE) {
            val d = delivery ?: Delivery(p, this)
            d.retain()
            c.takeManual(d)
            return d
        }
        if (c.tryTake(p.message)) return delivery
        val d = delivery ?: Delivery(p, this)
        d.retain()
        if (c.hold(d)) d.release()
        return d
    }

    /** Acknowledges [p] to the broker, unless it is QoS 1 and a gate is closed (then once the gates open). */
    fun acknowledge(p: IncomingPublish) {
        // the client is closing: what the application has not processed stays unacknowledged, so a persistent
        // session delivers it again to the next connection (CloseKeepsUnacknowledgedTest)
        if (closed) return
        if (p.message.qos == Qos.AT_LEAST_ONCE && gates != 0) {
            synchronized(this) {
                if (gates != 0) {
                    (parked ?: ArrayList<IncomingPublish>().also { parked = it }).add(p)
                    return
                }
            }
        }
        runCatching { p.acknowledge() }
    }

    /** Set by [close]: nothing is acknowledged any more. */
    @Volatile private var closed = false

    fun closeGate() = synchronized(this) { gates++ }

    fun openGate() {
        val release = synchronized(this) {
            gates--
            if (gates != 0) return
            parked.also { parked = null }
        }
        if (!closed) release?.forEach { runCatching { it.acknowledge() } }
    }

    fun countDropped() {
        DROPPED_INCOMING.incrementAndGet(this)
    }

    /** The client closed: every collector of [messages] ends. */
    fun close() {
        closed = true
        listeners.forEach { it.close(null) }
    }

    private companion object {
        val DROPPED_INCOMING: AtomicLongFieldUpdater<IncomingRouter> =
            AtomicLongFieldUpdater.newUpdater(IncomingRouter::class.java, "droppedIncoming")
        val EMPTY = emptyArray<Collector>()
        const val QOS0_HOLD = 1024
    }
}
