package dev.iotsdk.core.internal

import dev.iotsdk.common.IotSdkException
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.Qos
import dev.iotsdk.core.internal.transport.IncomingPublish
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.ClosedSendChannelException
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.MutableSharedFlow
import kotlinx.coroutines.flow.asSharedFlow
import kotlinx.coroutines.launch
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater
import java.util.concurrent.atomic.AtomicLongFieldUpdater

/**
 * Hands incoming messages to subscription collectors and to the client's `messages` flow, with back-pressure: a
 * message is acknowledged once every matching collector took it.
 */
internal class IncomingRouter(private val client: DefaultIotMqttClient) {
    private val config = client.config
    private val registry = client.registry

    /** Made by the first read of [messages]: until then nobody can be listening. */
    @Volatile private var allMessages: MutableSharedFlow<MqttMessage>? = null

    /** The router's queue: made, and its coroutine started, the first time a message cannot be delivered at once. */
    @Volatile private var router: Channel<Pending>? = null

    /** Messages handed to the router and not yet delivered: while there are any, new ones queue behind them. */
    @Volatile private var routerBacklog = 0

    @Volatile private var droppedIncoming = 0L

    /** Incoming messages dropped so far. */
    val dropped: Long get() = droppedIncoming

    /** Every incoming message, whatever subscription it came for. */
    val messages: Flow<MqttMessage>
        get() = (
            allMessages ?: synchronized(this) {
                allMessages ?: MutableSharedFlow<MqttMessage>(extraBufferCapacity = config.subscriberBufferSize)
                    .also { allMessages = it }
            }
            ).asSharedFlow()

    /**
     * An incoming message the router still has to deliver: to [targets] (`null`: every matching collector), and to
     * [messages] when [toAll].
     */
    private class Pending(val publish: IncomingPublish, val targets: List<Collector>?, val toAll: Boolean)

    /**
     * Called on the connection's I/O thread, one message at a time. When nothing waits in the router, the message goes
     * straight into the collectors' buffers and is acknowledged; whatever does not fit (a full buffer) is left to the
     * router, which waits for room (back-pressure: the acknowledgement is held until every collector took it).
     */
    fun onIncoming(p: IncomingPublish) {
        if (routerBacklog != 0) {
            enqueue(Pending(p, null, true))
            return
        }
        var missed: ArrayList<Collector>? = null
        for (c in registry.matching(p.message.topic)) {
            val sent = c.channel.trySend(p.message)
            if (sent.isFailure && !sent.isClosed) (missed ?: ArrayList<Collector>(1).also { missed = it }).add(c)
        }
        val toAll = allMessages?.tryEmit(p.message) == false
        if (missed == null && !toAll) {
            runCatching { p.acknowledge() }
            return
        }
        enqueue(Pending(p, missed ?: emptyList(), toAll))
    }

    /** The client closed: the router stops. */
    fun close() {
        router?.close()
    }

    private fun enqueue(item: Pending) {
        ROUTER_BACKLOG.incrementAndGet(this)
        if (routerChannel().trySend(item).isFailure) {
            ROUTER_BACKLOG.decrementAndGet(this)
            DROPPED_INCOMING.incrementAndGet(this)
            if (item.publish.message.qos == Qos.AT_MOST_ONCE) item.publish.acknowledge()
        }
    }

    private fun routerChannel(): Channel<Pending> = router ?: synchronized(this) {
        router ?: Channel<Pending>(config.receiveMaximum + QOS0_BUFFER).also { channel ->
            router = channel
            if (client.closed) channel.close() else client.scope.launch { routeIncoming(channel) }
        }
    }

    private suspend fun routeIncoming(channel: Channel<Pending>) {
        for (item in channel) {
            val message = item.publish.message
            for (c in item.targets ?: registry.matching(message.topic)) {
                try {
                    c.channel.send(message)
                } catch (_: ClosedSendChannelException) {
                    // that collector stopped
                } catch (_: IotSdkException) {
                    // that collector failed
                }
            }
            if (item.toAll) allMessages?.emit(message)
            runCatching { item.publish.acknowledge() }
            ROUTER_BACKLOG.decrementAndGet(this)
        }
    }

    private companion object {
        val ROUTER_BACKLOG: AtomicIntegerFieldUpdater<IncomingRouter> =
            AtomicIntegerFieldUpdater.newUpdater(IncomingRouter::class.java, "routerBacklog")
        val DROPPED_INCOMING: AtomicLongFieldUpdater<IncomingRouter> =
            AtomicLongFieldUpdater.newUpdater(IncomingRouter::class.java, "droppedIncoming")
        const val QOS0_BUFFER = 1024
    }
}
