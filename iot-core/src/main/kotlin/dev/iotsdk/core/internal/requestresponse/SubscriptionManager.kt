package dev.iotsdk.core.internal.requestresponse

import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.Qos
import dev.iotsdk.core.SubscribeRejectedException
import dev.iotsdk.core.Subscription
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.Job
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.joinAll
import kotlinx.coroutines.launch
import kotlin.time.Duration

/**
 * Reference-counted response subscriptions shared by operations and streams.
 *
 * The first [acquire] of a filter sends SUBSCRIBE (with [IotMqttClient.subscribeAll], whose return tells that the
 * SUBACK arrived, so a request is only published once its responses can be received); later ones wait for the same
 * SUBACK. When the last holder releases a filter it lingers for [linger] and is then unsubscribed; a new SUBSCRIBE
 * of a filter being unsubscribed waits for that UNSUBSCRIBE first so the broker sees them in order.
 *
 * Every critical section is short and non-suspending (a plain lock), so [Lease.release] can run in `finally` blocks
 * of cancelled coroutines.
 */
internal class SubscriptionManager(
    private val client: IotMqttClient,
    private val scope: CoroutineScope,
    private val linger: Duration,
    private val qos: Qos,
    private val onError: (Throwable) -> Unit,
) {
    class Entry(val filter: String, val ready: Deferred<Unit>) {
        var refs = 0
        var lingerJob: Job? = null
    }

    private val lock = Any()
    private val entries = HashMap<String, Entry>()
    private val unsubscribing = HashMap<String, Job>()

    /** Filters subscribed, subscribing or lingering. */
    val activeCount: Int get() = synchronized(lock) { entries.size }

    /** A hold on some filters; [release] exactly once. */
    inner class Lease(val held: List<Entry>) {
        private var released = false

        fun release() {
            synchronized(lock) {
                if (released) return
                released = true
                held.forEach { releaseLocked(it) }
            }
        }
    }

    /**
     * Holds [filters], subscribing those nobody holds, and returns once every one is subscribed.
     *
     * @throws SubscribeRejectedException when the broker refuses one (the hold is released, and the next acquire of
     * the filter tries again).
     */
    suspend fun acquire(filters: List<String>): Lease {
        val lease = synchronized(lock) {
            val distinct = filters.distinct()
            val fresh = distinct.filter { f -> entries[f]?.let { it.ready.isFailed() } ?: true }
            if (fresh.isNotEmpty()) {
                val ready = subscribeLocked(fresh)
                fresh.forEach { entries[it] = Entry(it, ready) }
            }
            Lease(
                distinct.map { f ->
                    entries.getValue(f).also {
                        it.refs++
                        it.lingerJob?.cancel()
                        it.lingerJob = null
                    }
                },
            )
        }
        try {
            lease.held.forEach { it.ready.await() }
        } catch (t: Throwable) {
            lease.release()
            throw t
        }
        return lease
    }

    // A Deferred that completed exceptionally reports itself cancelled.
    private fun Deferred<Unit>.isFailed(): Boolean = isCompleted && isCancelled

    private fun subscribeLocked(fresh: List<String>): Deferred<Unit> {
        val previous = fresh.mapNotNull { unsubscribing[it] }
        return scope.async {
            previous.joinAll()
            val outcomes = client.subscribeAll(fresh.map { Subscription(it, qos) })
            val failed = outcomes.filter { !it.isSuccess }
            if (failed.isNotEmpty()) throw SubscribeRejectedException(outcomes)
        }
    }

    private fun releaseLocked(entry: Entry) {
        entry.refs--
        if (entry.refs > 0 || entries[entry.filter] !== entry) return
        if (!linger.isPositive()) {
            entries.remove(entry.filter)
            unsubscribeLocked(entry)
        } else {
            entry.lingerJob = scope.launch {
                delay(linger)
                synchronized(lock) {
                    if (entry.refs == 0 && entries[entry.filter] === entry) {
                        entries.remove(entry.filter)
                        unsubscribeLocked(entry)
                    }
                }
            }
        }
    }

    private fun unsubscribeLocked(entry: Entry) {
        val job = scope.launch {
            val subscribed = try {
                entry.ready.await()
                true
            } catch (e: CancellationException) {
                throw e
            } catch (e: Exception) {
                false // never subscribed: nothing to undo
            }
            if (subscribed) {
                try {
                    client.unsubscribe(listOf(entry.filter))
                } catch (e: CancellationException) {
                    throw e
                } catch (e: Exception) {
                    onError(e)
                }
            }
        }
        unsubscribing[entry.filter] = job
        job.invokeOnCompletion {
            synchronized(lock) { if (unsubscribing[entry.filter] === job) unsubscribing.remove(entry.filter) }
        }
    }
}
