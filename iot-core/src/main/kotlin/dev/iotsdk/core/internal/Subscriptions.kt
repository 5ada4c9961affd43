package dev.iotsdk.core.internal

import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.SubscribeOutcome
import dev.iotsdk.core.SubscribeRejectedException
import dev.iotsdk.core.Subscription
import dev.iotsdk.core.UnsubscribeRejectedException
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.launch

/**
 * The client's subscriptions: reference-counted subscription flows (SUBSCRIBE on the first collector of a filter,
 * UNSUBSCRIBE after the last) and explicit ones, both kept in the [SubscriptionRegistry] the client restores.
 */
internal class Subscriptions(private val client: DefaultIotMqttClient) {
    private val config = client.config
    private val registry = client.registry
    private val validation = client.validation

    fun subscribe(subs: List<Subscription>): Flow<MqttMessage> {
        client.ensureOpen()
        require(subs.isNotEmpty()) { "subscribe needs at least one subscription" }
        subs.forEach { validation.checkTopicFilter(it.filter) }
        return flow {
            client.ensureOpen()
            val collector = Collector(subs.map { it.filter }, Channel(config.subscriberBufferSize))
            val fresh = registry.acquire(subs, collector)
            try {
                if (fresh.isNotEmpty()) {
                    val outcomes =
                        client.sender.submit(Operation.Subscribe(fresh, restorable = true), "subscribe", timeout = null)
                    if (outcomes.any { !it.isSuccess }) throw SubscribeRejectedException(outcomes)
                }
                for (m in collector.channel) emit(m)
            } finally {
                val gone = registry.release(collector)
                collector.channel.close()
                if (gone.isNotEmpty() && !client.closed) {
                    client.scope.launch {
                        runCatching {
                            client.sender.submit(Operation.Unsubscribe(gone, restorable = true), "unsubscribe")
                        }
                    }
                }
            }
        }
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
