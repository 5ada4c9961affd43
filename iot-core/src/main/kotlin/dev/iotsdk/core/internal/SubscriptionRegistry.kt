package dev.iotsdk.core.internal

import dev.iotsdk.core.Subscription
import kotlinx.coroutines.CompletableDeferred

/**
 * The subscriptions the client wants to hold: reference-counted flow subscriptions and explicit ones. It is the
 * desired state that the client restores after a reconnect. Thread-safe.
 */
internal class SubscriptionRegistry {
    private class Entry(var subscription: Subscription) {
        val collectors = LinkedHashSet<Collector>()
        var explicit = false
        var confirmed = false

        /**
         * A SUBSCRIBE for it waits in the operation queue or is in flight: that operation subscribes it on whichever
         * connection it goes out on (it is requeued if its connection drops), so a restore must not send another.
         */
        var queued = false
        val refCount: Int get() = collectors.size + if (explicit) 1 else 0
    }

    private val lock: Any get() = this

    /** Made by the first subscription (a client that never subscribes has none); guarded by [lock] like the rest. */
    private var map: LinkedHashMap<String, Entry>? = null
    private val entries: LinkedHashMap<String, Entry> get() = map ?: LinkedHashMap<String, Entry>().also { map = it }

    /**
     * UNSUBSCRIBEs on their way for filters nobody holds any more, each completed once its UNSUBACK is in (or it
     * failed): a new SUBSCRIBE of the same filter waits for it, or the UNSUBSCRIBE could overtake it and silently
     * undo the new subscription. Guarded by [lock].
     */
    private var unsubscribingMap: HashMap<String, CompletableDeferred<Unit>>? = null
    private val unsubscribing: HashMap<String, CompletableDeferred<Unit>>
        get() = unsubscribingMap ?: HashMap<String, CompletableDeferred<Unit>>().also { unsubscribingMap = it }

    /** What [acquire] registered: the subscriptions that need a SUBSCRIBE, and the UNSUBSCRIBEs it must wait for. */
    class Acquired(val fresh: List<Subscription>, val waitFor: List<CompletableDeferred<Unit>>)

    /** Registers [collector] for [subscriptions]; returns the ones that need a SUBSCRIBE (first holder). */
    fun acquire(subscriptions: List<Subscription>, collector: Collector): Acquired = synchronized(lock) {
        val fresh = subscriptions.filter { s ->
            val entry = entries.getOrPut(s.filter) { Entry(s) }
            val first = entry.refCount == 0
            entry.collectors.add(collector)
            if (first) entry.queued = true
            first
        }
        Acquired(fresh, fresh.mapNotNull { unsubscribingMap?.get(it.filter) })
    }

    /** What [release] gave up: the filters to UNSUBSCRIBE, and the signal to complete once that is done. */
    class Released(val gone: List<String>, val done: CompletableDeferred<Unit>)

    /** Unregisters [collector]; returns the filters nobody holds any more (to UNSUBSCRIBE, then complete `done`). */
    fun release(collector: Collector): Released = synchronized(lock) {
        val gone = collector.filters.filter { f ->
            val entry = entries[f] ?: return@filter false
            entry.collectors.remove(collector)
            if (entry.refCount == 0) {
                entries.remove(f)
                true
            } else {
                false
            }
        }
        val done = CompletableDeferred<Unit>()
        gone.forEach { unsubscribing[it] = done }
        done.invokeOnCompletion { synchronized(lock) { gone.forEach { f -> unsubscribing.remove(f, done) } } }
        Released(gone, done)
    }

    fun addExplicit(subscriptions: List<Subscription>) = synchronized(lock) {
        subscriptions.forEach { s ->
            val entry = entries.getOrPut(s.filter) { Entry(s) }
            entry.explicit = true
            entry.subscription = s
            entry.confirmed = true
        }
    }

    /** Drops explicit holds on [filters]; returns those nobody holds any more. */
    fun removeExplicit(filters: List<String>): List<String> = synchronized(lock) {
        filters.filter { f ->
            val entry = entries[f] ?: return@filter true
            entry.explicit = false
            if (entry.refCount == 0) {
                entries.remove(f)
                true
            } else {
                false
            }
        }
    }

    /** The broker granted [filters] on the current connection: confirmed, and no SUBSCRIBE of theirs is pending. */
    fun markSubscribed(filters: Collection<String>) = synchronized(lock) {
        filters.forEach { f ->
            entries[f]?.let {
                it.confirmed = true
                it.queued = false
            }
        }
    }

    /** The queued SUBSCRIBE of [filters] failed: a later restore subscribes them if anyone still holds them. */
    fun clearQueued(filters: Collection<String>) = synchronized(lock) {
        filters.forEach { entries[it]?.queued = false }
    }

    /**
     * What to SUBSCRIBE after a new connection: everything without a session, else only the unconfirmed; never one
     * whose own SUBSCRIBE is still queued (that one goes out on this connection anyway, and a second SUBSCRIBE would
     * make the broker send its retained message twice).
     */
    fun toRestore(sessionPresent: Boolean): List<Subscription> = synchronized(lock) {
        val entries = map
        if (entries.isNullOrEmpty()) return emptyList()
        val out = ArrayList<Subscription>()
        entries.forEach { _, e -> if ((!sessionPresent || !e.confirmed) && !e.queued) out.add(e.subscription) }
        out
    }

    /** After the connection is lost without a session to come back to, nothing is confirmed any more. */
    fun markAllUnconfirmed() = synchronized(lock) { map?.forEach { _, e -> e.confirmed = false } }

    /** The collectors whose filters match [topic], each once (runs for every incoming message). */
    fun matching(topic: String): List<Collector> = synchronized(lock) {
        val entries = map ?: return emptyList()
        var out: ArrayList<Collector>? = null
        for ((filter, entry) in entries) {
            if (entry.collectors.isEmpty() || !TopicMatcher.matches(filter, topic)) continue
            val list = out ?: ArrayList<Collector>(entry.collectors.size).also { out = it }
            // a collector with several matching filters appears once; collectors are few, so a scan is cheapest
            for (c in entry.collectors) if (c.filters.size == 1 || c !in list) list.add(c)
        }
        out ?: emptyList()
    }

    /** Fails the collectors of [filters] (the broker refused them on restore). */
    fun failFilters(filters: Collection<String>, cause: Throwable) {
        val victims = synchronized(lock) {
            filters.flatMap { f -> entries[f]?.collectors?.toList() ?: emptyList() }
        }
        victims.forEach { it.close(cause) }
    }

    /** Ends every subscription's collector normally (the client is closed); the entries stay for nobody. */
    fun closeAll() {
        val all = synchronized(lock) { map?.values?.flatMapTo(LinkedHashSet()) { it.collectors } ?: emptySet() }
        all.forEach { it.close(null) }
    }

    fun activeFilters(): List<String> = synchronized(lock) { entries.keys.toList() }
}
