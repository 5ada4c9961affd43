package dev.iotsdk.core.internal

import dev.iotsdk.core.Acknowledgement
import dev.iotsdk.core.ClientClosedException
import dev.iotsdk.core.IncomingOverflow
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.MqttSubscription
import dev.iotsdk.core.SubscribeOutcome
import dev.iotsdk.core.SubscribeRejectedException
import dev.iotsdk.core.Subscription
import dev.iotsdk.core.UnsubscribeRejectedException
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.launch

/**
 * The client's subscriptions: reference-counted subscription handles and flows (SUBSCRIBE on the first holder of a
 * filter, UNSUBSCRIBE after the last) and explicit ones, both kept in the [SubscriptionRegistry] the client restores.
 */
internal class Subscriptions(private val client: DefaultIotMqttClient, private val router: IncomingRouter) {
    private val registry get() = client.registry
    private val validation get() = client.validation

    /** Subscribes and returns once the broker acknowledged (SUBACK); messages buffer from then on. */
    suspend fun open(
        subs: List<Subscription>,
        overflow: IncomingOverflow,
        acknowledgement: Acknowledgement = Acknowledgement.AUTOMATIC,
    ): MqttSubscription {
        check(subs)
        val collector = router.collector(subs.map { it.filter }, overflow, acknowledgement == Acknowledgement.MANUAL)
        // registered before SUBSCRIBE: nothing that arrives after the SUBACK is missed
        val acquired = registry.acquire(subs, collector)
        val fresh = acquired.fresh
        val handle = Handle(subs, collector)
        var opened = false
        try {
            // closed while registering: close() may have missed this collector
            client.ensureOpen()
            // an UNSUBSCRIBE of the same filter still on its way would undo this SUBSCRIBE if it went after it
            acquired.waitFor.forEach { it.await() }
            val sent = if (fresh.isEmpty()) {
                emptyList()
            } else {
                client.sender.submit(Operation.Subscribe(fresh, restorable = true), "subscribe", timeout = null)
            }
            if (sent.any { !it.isSuccess }) throw SubscribeRejectedException(sent)
            // a filter another holder subscribed already: granted as that holder asked
            handle.outcomes = subs.map { s ->
                sent.firstOrNull { it.filter == s.filter } ?: SubscribeOutcome(s.filter, s.qos, s.qos.code)
            }
            opened = true
            return handle
        } finally {
            if (!opened) {
                registry.clearQueued(fresh.map { it.filter })
                handle.close()
            }
        }
    }

    /**
     * The cold form: each collection opens a subscription and closes it when it ends. Closing the client ends the
     * flow normally, whether its SUBSCRIBE was still pending or acknowledged: a collector sees the same end either way.
     */
    fun subscribe(subs: List<Subscription>): Flow<MqttMessage> {
        check(subs)
        return flow {
            val sub = try {
                open(subs, IncomingOverflow.DROP_QOS0)
            } catch (e: ClientClosedException) {
                if (client.closed) return@flow
                throw e
            }
            try {
                sub.messages.collect { emit(it) }
            } finally {
                sub.close()
            }
        }
    }

    private fun check(subs: List<Subscription>) {
        client.ensureOpen()
        require(subs.isNotEmpty()) { "subscribe needs at least one subscription" }
        subs.forEach { validation.checkTopicFilter(it.filter) }
    }

    private inner class Handle(override val subscriptions: List<Subscription>, private val collector: Collector) :
        MqttSubscription {
        override var outcomes: List<SubscribeOutcome> = emptyList()

        @Volatile private var closed = false

        override val messages: Flow<MqttMessage> = flow { collector.emitAllTo(this) }

        override val droppedMessages: Long get() = collector.dropped

        override fun close() {
            if (closed) return
            closed = true
            val released = registry.release(collector)
            val gone = released.gone
            collector.close(null)
            if (gone.isNotEmpty() && !client.closed) {
                client.scope.launch {
                    runCatching { client.sender.submit(Operation.Unsubscribe(gone, restorable = true), "unsubscribe") }
                }.invokeOnCompletion { released.done.complete(Unit) }
            } else {
                released.done.complete(Unit)
            }
        }

        override fun toString(): String = "MqttSubscription(${subscriptions.joinToString { it.filter }})"
    }

    suspend fun subscribeAll(subscriptions: List<Subscription>): List<SubscribeOutcome> {
        client.ensureOpen()
        subscriptions.forEach { validation.checkTopicFilter(it.filter) }
        val outcomes = client.sender.submit(Operation.Subscribe(subscriptions, restorable = false), "subscribe")
        registry.addExplicit(subscriptions.filter { s -> outcomes.any { it.filter == s.filter && it.isSuccess } })
        return outcomes
    }

    suspend fun unsubscribe(filters: List<String>) {
        client.ensureOpen()
        filters.forEach { validation.checkTopicFilter(it) }
        val gone = registry.removeExplicit(filters)
        if (gone.isEmpty()) return
        val codes = client.sender.submit(Operation.Unsubscribe(gone, restorable = false), "unsubscribe")
        codes.forEachIndexed { i, code ->
            if (code >= 0x80) throw UnsubscribeRejectedException(gone[i], code)
        }
    }
}
