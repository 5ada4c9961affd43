package dev.iotsdk.core.internal.transport

import io.reactivex.Single
import io.reactivex.SingleObserver
import io.reactivex.disposables.Disposable
import java.util.concurrent.CompletableFuture
import java.util.concurrent.ConcurrentHashMap

/**
 * The HiveMQ operations (PUBLISH, SUBSCRIBE, UNSUBSCRIBE) a connection has in flight, cancelled when it ends.
 *
 * HiveMQ keeps a client's session for 1.1 × its expiry after the connection ends (for ever on a persistent MQTT
 * 3.1.1 session), so that the same client object can resume it, and with it every unacknowledged operation; each
 * holds a reference to HiveMQ's shared Netty event loop, whose threads keep the JVM alive. Our connections are never
 * resumed (every attempt is a new client object, and the sender resends what was unacknowledged), so a connection
 * that ends cancels what it still had in flight: HiveMQ then lets go of the event loop, and a program exits once it
 * closed its clients, even when a connection dropped with a QoS 1 message unacknowledged.
 *
 * Open so that a connection can be its own set (one object less per connection). It locks on itself.
 */
internal open class InFlightOperations {
    /** Made by the first [track]: a connection that never sends anything (most, at scale, for a while) has none. */
    @Volatile private var set: MutableSet<CompletableFuture<*>>? = null

    private val inFlight: MutableSet<CompletableFuture<*>>
        get() = set ?: synchronized(this) {
            set ?: ConcurrentHashMap.newKeySet<CompletableFuture<*>>().also { set = it }
        }

    @Volatile private var stopped = false

    /** Registers [operation] until it completes; one started after [cancelAll] is cancelled at once. */
    fun <T, F : CompletableFuture<T>> track(operation: F): F {
        add(operation)
        operation.whenComplete { _, _ -> remove(operation) }
        return operation
    }

    /**
     * Registers [operation] until the caller's own completion callback calls [remove] (one callback per operation
     * instead of two, on the publish path); one added after [cancelAll] is cancelled at once.
     */
    fun <F : CompletableFuture<*>> add(operation: F): F {
        val inFlight = inFlight
        inFlight.add(operation)
        if (stopped && inFlight.remove(operation)) operation.cancel(false)
        return operation
    }

    /** Unregisters [operation], which completed. */
    fun remove(operation: CompletableFuture<*>) {
        set?.remove(operation)
    }

    /** Subscribes to [single] as a future that, cancelled, disposes it; registered like [track]. */
    fun <T : Any> track(single: Single<T>): CompletableFuture<T> = track(SingleFuture<T>().also(single::subscribe))

    /** Cancels every operation in flight, and any started from now on: the connection has ended. */
    fun cancelAll() {
        stopped = true
        val inFlight = set ?: return
        for (operation in inFlight.toList()) {
            if (inFlight.remove(operation)) operation.cancel(false)
        }
    }

    /** A [Single]'s outcome as a future whose cancellation disposes the subscription (and HiveMQ's flow with it). */
    private class SingleFuture<T : Any> :
        CompletableFuture<T>(),
        SingleObserver<T> {
        @Volatile private var upstream: Disposable? = null

        override fun onSubscribe(d: Disposable) {
            upstream = d
            if (isCancelled) d.dispose()
        }

        override fun onSuccess(value: T) {
            complete(value)
        }

        override fun onError(e: Throwable) {
            completeExceptionally(e)
        }

        override fun cancel(mayInterruptIfRunning: Boolean): Boolean {
            val cancelled = super.cancel(mayInterruptIfRunning)
            upstream?.dispose()
            return cancelled
        }
    }
}
