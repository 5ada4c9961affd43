@file:OptIn(InternalIotSdkApi::class)

package dev.iotsdk.shadow

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.java.JavaView
import java.util.concurrent.CompletableFuture
import java.util.function.Consumer

/**
 * The Java view of a [TypedShadow], from [ShadowClientJava.typed]: one shadow whose state is a Java object [S] mapped
 * by a [ShadowStateCodec]. Reads and writes return [CompletableFuture]s; the desired state arrives as whole [S]
 * objects on [Consumer] callbacks (see [TypedShadow.desiredEvents] for how deltas are merged).
 *
 * ```java
 * TypedShadowJava<Lamp> lamp = shadow.typed(codec, null);
 * lamp.report(new Lamp("off", 3), null).join();
 * AutoCloseable sub = lamp.onDesired(wanted -> device.apply(wanted), Throwable::printStackTrace);
 * ```
 *
 * It shares the [ShadowClientJava]'s executor and lifetime: closing that view stops this one's futures and callbacks.
 */
public class TypedShadowJava<S> internal constructor(private val typed: TypedShadow<S>, private val view: JavaView) {
    /** The named shadow, or `null` for the classic one. */
    public val shadowName: String? get() = typed.shadowName

    /** The Kotlin typed shadow behind this view. */
    public fun asKotlin(): TypedShadow<S> = typed

    /**
     * Reads the shadow; the future completes with `null` when it does not exist, and fails with a
     * `SerializationException` when a section does not decode. See [TypedShadow.get].
     */
    public fun get(): CompletableFuture<TypedShadow.Snapshot<S>?> = view.future { typed.get() }

    /** Reports the device's whole [state]; completes with the new version. See [TypedShadow.report]. */
    public fun report(state: S, expectedVersion: Long?): CompletableFuture<Long?> =
        view.future { typed.report(state, expectedVersion) }

    /** [report] without a version check. */
    public fun report(state: S): CompletableFuture<Long?> = report(state, null)

    /** Sets the whole desired [state]; completes with the new version. See [TypedShadow.desire]. */
    public fun desire(state: S, expectedVersion: Long?): CompletableFuture<Long?> =
        view.future { typed.desire(state, expectedVersion) }

    /** [desire] without a version check. */
    public fun desire(state: S): CompletableFuture<Long?> = desire(state, null)

    /**
     * Calls [consumer] with every desired-state event, whole [S] objects with subscription status and decoding
     * errors (see [TypedShadow.desiredEvents]); [onError] gets a failure of the stream itself.
     */
    public fun onDesiredEvent(consumer: Consumer<ShadowEvent<S>>, onError: Consumer<Throwable>?): AutoCloseable =
        view.collect(typed.desiredEvents(), consumer, onError)

    /**
     * Calls [consumer] with every whole desired [S] (see [TypedShadow.desired]); payloads that do not decode are
     * skipped (use [onDesiredEvent] to see them); [onError] gets a failure of the stream itself.
     */
    public fun onDesired(consumer: Consumer<S>, onError: Consumer<Throwable>?): AutoCloseable =
        view.collect(typed.desired(), consumer, onError)

    override fun toString(): String = "TypedShadowJava($typed)"
}
