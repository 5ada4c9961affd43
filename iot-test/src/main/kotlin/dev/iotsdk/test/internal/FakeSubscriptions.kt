package dev.iotsdk.test.internal

import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.SubscribeOutcome
import dev.iotsdk.core.SubscribeRejectedException
import dev.iotsdk.core.Subscription
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.flow.MutableSharedFlow
import kotlinx.coroutines.flow.MutableStateFlow

/**
 * The fake broker's side of subscriptions: what the client holds (reference-counted flow collectors and explicit
 * [dev.iotsdk.core.IotMqttClient.subscribeAll] holds, as the real client counts them), every SUBSCRIBE and UNSUBSCRIBE
 * sent, SUBACK refusals, and delivery to matching collectors. Thread-safe.
 */
internal class FakeSubscriptions {
    private class Entry(var subscription: Subscription) {
        val collectors = LinkedHashSet<FakeCollector>()
        var explicit = false
        var accepted = false
        val holders: Int get() = collectors.size + if (explicit) 1 else 0
    }

    private val entries = LinkedHashMap<String, Entry>()
    private val refusals = HashMap<String, Int>()
    private val subscribes = ArrayList<List<Subscription>>()
    private val unsubscribes = ArrayList<List<String>>()

    /** The filters the broker holds for the client. */
    val held = MutableStateFlow<Set<String>>(emptySet())

    /** How many UNSUBSCRIBEs were sent (to await one). */
    val unsubscribeCount = MutableStateFlow(0)

    /** Every message delivered, whichever subscription asked for it. */
    val all = MutableSharedFlow<MqttMessage>(extraBufferCapacity = Channel.UNLIMITED)

    @Synchronized fun subscribeRequests(): List<List<Subscription>> = subscribes.toList()

    @Synchronized fun unsubscribeRequests(): List<List<String>> = unsubscribes.toList()

    @Synchronized fun refuse(filter: String, reasonCode: Int) {
        require(reasonCode >= 0x80) { "a SUBACK failure reason code is 0x80 or more, not $reasonCode" }
        refusals[filter] = reasonCode
    }

    @Synchronized fun clearRefusals() = refusals.clear()

    /** Registers [collector]; returns the subscriptions it holds first (they need a SUBSCRIBE). */
    @Synchronized fun acquire(subscriptions: List<Subscription>, collector: FakeCollector): List<Subscription> =
        subscriptions.filter { s ->
            val entry = entries.getOrPut(s.filter) { Entry(s) }
            entry.collectors.add(collector)
            entry.collectors.size == 1 && !entry.explicit
        }

    /** Unregisters [collector]; returns the accepted filters nobody holds any more (to UNSUBSCRIBE). */
    @Synchronized fun release(collector: FakeCollector): List<String> = collector.filters.filter { f ->
        val entry = entries[f] ?: return@filter false
        entry.collectors.remove(collector)
        entry.holders == 0 && drop(f, entry)
    }

    /** Drops the explicit holds on [filters]; returns the accepted ones nobody holds any more. */
    @Synchronized fun releaseExplicit(filters: List<String>): List<String> = filters.filter { f ->
        val entry = entries[f] ?: return@filter false
        entry.explicit = false
        entry.holders == 0 && drop(f, entry)
    }

    /** Records a SUBSCRIBE and answers it as the broker would: refused filters fail, the others are held. */
    @Synchronized fun subscribe(subscriptions: List<Subscription>, explicit: Boolean): List<SubscribeOutcome> {
        subscribes += subscriptions.toList()
        return subscriptions.map { s ->
            val refusal = refusals[s.filter]
            if (refusal != null) {
                SubscribeOutcome(s.filter, null, refusal)
            } else {
                val entry = entries.getOrPut(s.filter) { Entry(s) }
                entry.subscription = s
                entry.accepted = true
                if (explicit) entry.explicit = true
                SubscribeOutcome(s.filter, s.qos, s.qos.code)
            }
        }.also { publishHeld() }
    }

    /** Records an UNSUBSCRIBE. */
    @Synchronized fun unsubscribe(filters: List<String>) {
        unsubscribes += filters.toList()
        unsubscribeCount.value = unsubscribes.size
    }

    /**
     * The client restores its subscriptions on a connection without a session: one SUBSCRIBE per [batch] filters;
     * collectors of a refused filter fail with [SubscribeRejectedException], as the real client's do.
     */
    @Synchronized fun restore(batch: Int) {
        entries.values.filter { it.accepted }.map { it.subscription }.chunked(batch).forEach { subscriptions ->
            val outcomes = subscribe(subscriptions, explicit = false)
            outcomes.filter { !it.isSuccess }.forEach { refused ->
                val entry = entries.remove(refused.filter) ?: return@forEach
                entry.collectors.forEach { it.channel.close(SubscribeRejectedException(outcomes)) }
            }
        }
        publishHeld()
    }

    /**
     * Delivers [message] to every collector with a matching accepted filter (a [Subscription.noLocal] one skips the
     * client's own publishes, [own]) and to [all]; returns whether any subscription matched.
     */
    fun deliver(message: MqttMessage, own: Boolean): Boolean {
        val targets = synchronized(this) {
            val matching = entries.filter { (filter, entry) ->
                entry.accepted && !(own && entry.subscription.noLocal) && TopicFilters.matches(filter, message.topic)
            }
            if (matching.isEmpty()) return false
            matching.values.flatMap { it.collectors }.toSet()
        }
        targets.forEach { it.channel.trySend(message) }
        all.tryEmit(message)
        return true
    }

    private fun drop(filter: String, entry: Entry): Boolean {
        entries.remove(filter)
        publishHeld()
        return entry.accepted
    }

    private fun publishHeld() {
        held.value = entries.filterValues { it.accepted }.keys.toSet()
    }
}
