package dev.iotsdk.core.internal.transport

import io.reactivex.Single
import io.reactivex.SingleObserver
import io.reactivex.disposables.Disposable
import java.util.concurrent.CompletableFuture
import java.util.function.BiConsumer

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
 * Open so that a connection can be its own list (one object less per connection). It locks on itself.
 */
internal open class InFlightOperations {
    /**
     * An operation in flight, a link of its connection's list (no hashing, no node allocated per operation: it is on
     * every publish's path). A subclass is its future's completion callback, which calls [unlink].
     */
    abstract class Link(val operation: CompletableFuture<*>) {
        internal var prevLink: Link? = null
        internal var nextLink: Link? = null
        internal var linked = false
    }

    /** The newest operation in flight; the list and [stopped] are guarded by this. */
    private var head: Link? = null
    private var stopped = false

    /** Lists [link] until [unlink]; cancels its operation at once if the connection already ended ([cancelAll]). */
    fun link(link: Link) {
        synchronized(this) {
            if (!stopped) {
                val first = head
                link.nextLink = first
                first?.prevLink = link
                head = link
                link.linked = true
                return
            }
        }
        link.operation.cancel(false)
    }

    /** Takes [link] off the list (its operation completed); nothing if it is not listed. */
    fun unlink(link: Link): Unit = synchronized(this) {
        if (!link.linked) return
        val prev = link.prevLink
        val next = link.nextLink
        if (prev == null) head = next else prev.nextLink = next
        next?.prevLink = prev
        link.prevLink = null
        link.nextLink = null
        link.linked = false
    }

    /** Registers [operation] until it completes; one started after [cancelAll] is cancelled at once. */
    fun <T, F : CompletableFuture<T>> track(operation: F): F {
        val link = Tracked(operation)
        link(link)
        operation.whenComplete(link)
        return operation
    }

    /** Subscribes to [single] as a future that, cancelled, disposes it; registered like [track]. */
    fun <T : Any> track(single: Single<T>): CompletableFuture<T> = track(SingleFuture<T>().also(single::subscribe))

    /** Cancels every operation in flight, and any started from now on: the connection has ended. */
    fun cancelAll() {
        val operations = synchronized(this) {
            stopped = true
            val out = ArrayList<CompletableFuture<*>>()
            var link = head
            while (link != null) {
                out.add(link.operation)
                val next = link.nextLink
                link.prevLink = null
                link.nextLink = null
                link.linked = false
                link = next
            }
            head = null
            out
        }
        for (operation in operations) operation.cancel(false)
    }

    /** A tracked operation's link, unlinked by its completion. */
    private inner class Tracked(operation: CompletableFuture<*>) :
        Link(operation),
        BiConsumer<Any?, Throwable?> {
        override fun accept(result: Any?, failure: Throwable?) {
            unlink(this)
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
