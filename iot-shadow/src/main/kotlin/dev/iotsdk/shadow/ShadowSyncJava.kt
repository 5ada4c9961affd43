@file:OptIn(InternalIotSdkApi::class)

package dev.iotsdk.shadow

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.java.JavaView
import java.util.concurrent.CompletableFuture
import java.util.function.Consumer

/**
 * The Java view of a [ShadowSync], from [ShadowClientJava.sync]: keeps a device's state, a Java object [S] mapped by a
 * [ShadowStateCodec], and its shadow in step. [start] runs the sync (see [ShadowSync] for what it does on each delta,
 * version conflict and reconnect); the [Handler] applies each desired state to the device and returns the state the
 * device now has, which is reported.
 *
 * ```java
 * try (ShadowSyncJava<Lamp> sync = shadow.sync(codec, new Lamp("off"), null, wanted -> {
 *         hardware.set(wanted.power);   // may block: runs on the view's executor
 *         return wanted;
 *     })) {
 *     sync.onState(lamp -> System.out.println("lamp is now " + lamp.power));
 *     sync.onError(Throwable::printStackTrace);
 *     sync.start();
 *     ...
 * }
 * ```
 *
 * Threading: the handler and the listeners run on the [ShadowClientJava]'s executor, the handler one call at a time.
 * Failures the sync recovers from (a handler that throws, a rejected report, a desired state the codec cannot map) go
 * to the [onError] listeners and the sync goes on. [close] stops the sync and its listeners; closing the
 * [ShadowClientJava] does too.
 */
public class ShadowSyncJava<S> internal constructor(private val sync: ShadowSync<S>, private val view: JavaView) :
    AutoCloseable {
    private var running: CompletableFuture<Void?>? = null
    private var closed = false
    private val listeners = mutableListOf<AutoCloseable>()

    /**
     * Applies a desired state to the device, for [ShadowClientJava.sync]. It gets the whole desired state (the
     * current state with the cloud's changes merged in) and returns the state the device has afterwards, which is
     * reported to the shadow. It runs on the view's executor and may block there; an exception is reported to the
     * [onError] listeners and nothing is reported to the shadow for that change.
     */
    public fun interface Handler<S> {
        /** Applies [desired]; returns the device's state now. */
        @Throws(Exception::class)
        public fun apply(desired: S): S
    }

    /** The Kotlin sync behind this view. */
    public fun asKotlin(): ShadowSync<S> = sync

    /** The device's state: the initial value, then each result of the handler. */
    public val state: S get() = sync.state.value

    /** The last shadow version the sync saw accepted or read, or `null` before the first. */
    public val version: Long? get() = sync.version.value

    /**
     * Starts the sync; idempotent (later calls return the same future). The future completes exceptionally when the
     * sync stops on a failure it cannot recover from (the broker refuses the delta subscription), and is cancelled
     * when the sync or its view is closed.
     */
    @Synchronized
    public fun start(): CompletableFuture<Void?> {
        running?.let { return it }
        if (closed) return CompletableFuture<Void?>().apply { cancel(false) }.also { running = it }
        return view.future<Void?> {
            sync.run()
            null
        }.also { running = it }
    }

    /**
     * Calls [listener] with the current state now and with each new state (a fast sequence of changes may be seen as
     * its last one only), on the view's executor, until the result or this sync is closed.
     */
    public fun onState(listener: Consumer<S>): AutoCloseable = register(view.collect(sync.state, listener, null))

    /** Calls [listener] with each failure the sync recovered from, until the result or this sync is closed. */
    public fun onError(listener: Consumer<Throwable>): AutoCloseable =
        register(view.collect(sync.errors, listener, null))

    /** Stops the sync and its listeners; the shadow client and its view stay open. Idempotent. */
    override fun close() {
        val toClose = synchronized(this) {
            closed = true
            running?.cancel(false)
            listeners.toList().also { listeners.clear() }
        }
        toClose.forEach { it.close() }
    }

    override fun toString(): String = "ShadowSyncJava($sync)"

    private fun register(subscription: AutoCloseable): AutoCloseable {
        val closeNow = synchronized(this) {
            if (!closed) listeners += subscription
            closed
        }
        if (closeNow) subscription.close()
        return subscription
    }
}
