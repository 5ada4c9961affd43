@file:OptIn(InternalIotSdkApi::class)

package dev.iotsdk.shadow

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.java.JavaView
import dev.iotsdk.model.IotJson
import dev.iotsdk.model.shadow.ShadowDeleteResponse
import dev.iotsdk.model.shadow.ShadowDeltaMessage
import dev.iotsdk.model.shadow.ShadowDocument
import dev.iotsdk.model.shadow.ShadowDocumentsMessage
import dev.iotsdk.model.shadow.ShadowState
import dev.iotsdk.shadow.internal.CodecSerializer
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.withContext
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executor
import java.util.function.Consumer

/**
 * The Java view of a [ShadowClient] (from [ShadowClient.asJava]): requests return [CompletableFuture]s, streams
 * take [Consumer] callbacks and return an [AutoCloseable] that stops them. `shadowName` parameters are `null` for
 * the classic shadow.
 *
 * ```java
 * ShadowClientJava shadow = new ShadowClient(mqtt, "lamp-1").asJava();
 * shadow.update("{\"reported\":{\"power\":\"on\"}}", null, null).join();
 * AutoCloseable sub = shadow.onDelta(null, delta -> System.out.println(delta.getState()), Throwable::printStackTrace);
 * ShadowDocument doc = shadow.get(null).join();
 * String json = shadow.getJson(null).join(); // for Jackson, Gson, …
 * ```
 *
 * State sections of the models ([ShadowDocument.state] and the like) are kotlinx `JsonObject`s, which are
 * `java.util.Map`s whose `toString()` is their JSON text; Java code usually reads shadows as whole JSON texts
 * ([getJson], [onDeltaJson], [onDocumentsJson]), as its own types ([typed], [sync] with a [ShadowStateCodec]), or
 * writes them as JSON text ([update] with a `String`).
 *
 * Futures fail with the SDK's exceptions (`join()` throws a `CompletionException` whose cause is, for example, a
 * [ShadowRejectedException]) and complete on an SDK thread. Callbacks run on the executor given to
 * [ShadowClient.asJava], in order, one at a time per subscription; without one, on daemon threads of the view's own
 * named `iotsdk-callbacks-<n>` (one per subscription calling back at once, so a slow callback holds up only its own
 * subscription), stopped on [close] (an executor you give is never shut down).
 * [close] cancels the view's pending futures (they complete with `CancellationException`) and stops its callbacks; it
 * does not close the [ShadowClient].
 */
public class ShadowClientJava internal constructor(private val client: ShadowClient, executor: Executor?) :
    AutoCloseable {
    private val view = JavaView("iotsdk-shadow-java-view", executor)

    /** The Kotlin client behind this view. */
    public fun asKotlin(): ShadowClient = client

    /** See [ShadowClient.get]. */
    public fun get(shadowName: String?): CompletableFuture<ShadowDocument> = view.future { client.get(shadowName) }

    /** [get] of the classic shadow. */
    public fun get(): CompletableFuture<ShadowDocument> = get(null)

    /** See [ShadowClient.update]. */
    public fun update(
        state: ShadowState,
        expectedVersion: Long?,
        shadowName: String?,
    ): CompletableFuture<ShadowDocument> = view.future { client.update(state, expectedVersion, shadowName) }

    /**
     * [update] with the state given as JSON text, for example `{"desired":{"power":"on"}}`.
     * The future fails with [IllegalArgumentException] when it is not a state object.
     */
    public fun update(
        stateJson: String,
        expectedVersion: Long?,
        shadowName: String?,
    ): CompletableFuture<ShadowDocument> = view.future {
        client.update(IotJson.decodeFromString(ShadowState.serializer(), stateJson), expectedVersion, shadowName)
    }

    /** See [ShadowClient.delete]. */
    public fun delete(shadowName: String?): CompletableFuture<ShadowDeleteResponse> =
        view.future { client.delete(shadowName) }

    /** Calls [consumer] with every delta (see [ShadowClient.deltas]); [onError] gets a stream failure. */
    public fun onDelta(
        shadowName: String?,
        consumer: Consumer<ShadowDeltaMessage>,
        onError: Consumer<Throwable>?,
    ): AutoCloseable = view.collect(client.deltas(shadowName), consumer, onError)

    /** Calls [consumer] with every delta event, status included (see [ShadowClient.deltaEvents]). */
    public fun onDeltaEvent(
        shadowName: String?,
        consumer: Consumer<ShadowEvent<ShadowDeltaMessage>>,
        onError: Consumer<Throwable>?,
    ): AutoCloseable = view.collect(client.deltaEvents(shadowName), consumer, onError)

    /** Calls [consumer] with every documents message (see [ShadowClient.documents]). */
    public fun onDocuments(
        shadowName: String?,
        consumer: Consumer<ShadowDocumentsMessage>,
        onError: Consumer<Throwable>?,
    ): AutoCloseable = view.collect(client.documents(shadowName), consumer, onError)

    /**
     * Calls [consumer] with every documents event, subscription status included (see [ShadowClient.documentEvents]).
     */
    public fun onDocumentsEvent(
        shadowName: String?,
        consumer: Consumer<ShadowEvent<ShadowDocumentsMessage>>,
        onError: Consumer<Throwable>?,
    ): AutoCloseable = view.collect(client.documentEvents(shadowName), consumer, onError)

    /**
     * A typed view of one shadow whose state is a Java object [S], mapped to and from JSON by [codec] (for example
     * with Jackson; see [ShadowStateCodec]); [shadowName] is `null` for the classic shadow. The Java counterpart of
     * [ShadowClient.typed]; it shares this view's executor, and closing this view stops it.
     */
    public fun <S> typed(codec: ShadowStateCodec<S>, shadowName: String?): TypedShadowJava<S> =
        TypedShadowJava(client.typed(CodecSerializer(codec), shadowName), view)

    /** [typed] for the classic shadow. */
    public fun <S> typed(codec: ShadowStateCodec<S>): TypedShadowJava<S> = typed(codec, null)

    /**
     * A state sync (see [ShadowSync] and [ShadowSyncJava]) of one shadow whose state is a Java object [S] mapped by
     * [codec]: starting from [initial], [handler] applies each desired state to the device and returns the state it
     * now has, which is reported. [shadowName] is `null` for the classic shadow. Not started: call
     * [ShadowSyncJava.start]. The handler and the sync's listeners run on this view's executor; closing this view
     * stops the sync.
     */
    public fun <S> sync(
        codec: ShadowStateCodec<S>,
        initial: S,
        shadowName: String?,
        handler: ShadowSyncJava.Handler<S>,
    ): ShadowSyncJava<S> {
        val sync = ShadowSync(client, CodecSerializer(codec), initial, shadowName) { desired ->
            withContext(view.callbackDispatcher) { handler.apply(desired) }
        }
        return ShadowSyncJava(sync, view)
    }

    /** [sync] of the classic shadow. */
    public fun <S> sync(codec: ShadowStateCodec<S>, initial: S, handler: ShadowSyncJava.Handler<S>): ShadowSyncJava<S> =
        sync(codec, initial, null, handler)

    /**
     * [get] with the document as JSON text, for reading it with the JSON library of your choice (the fields AWS
     * documents: `state` with `desired`, `reported`, `delta`; `metadata`, `version`, `timestamp`, `clientToken`;
     * absent fields are left out).
     */
    public fun getJson(shadowName: String?): CompletableFuture<String> =
        view.future { IotJson.encodeToString(ShadowDocument.serializer(), client.get(shadowName)) }

    /** Calls [consumer] with every delta message as JSON text (`state`, `metadata`, `version`, …; see [onDelta]). */
    public fun onDeltaJson(
        shadowName: String?,
        consumer: Consumer<String>,
        onError: Consumer<Throwable>?,
    ): AutoCloseable = view.collect(
        client.deltas(shadowName).map {
            IotJson.encodeToString(ShadowDeltaMessage.serializer(), it)
        },
        consumer,
        onError,
    )

    /**
     * Calls [consumer] with every documents message as JSON text (`previous`, `current`, `timestamp`; see
     * [onDocuments]).
     */
    public fun onDocumentsJson(
        shadowName: String?,
        consumer: Consumer<String>,
        onError: Consumer<Throwable>?,
    ): AutoCloseable = view.collect(
        client.documents(shadowName).map {
            IotJson.encodeToString(ShadowDocumentsMessage.serializer(), it)
        },
        consumer,
        onError,
    )

    /**
     * Cancels pending futures, stops callbacks and syncs, and stops the view's own callback threads (an executor given
     * to [ShadowClient.asJava] is left running); the [ShadowClient] stays open. Idempotent.
     */
    override fun close() {
        view.close()
    }

    override fun toString(): String = "ShadowClientJava($client)"
}
