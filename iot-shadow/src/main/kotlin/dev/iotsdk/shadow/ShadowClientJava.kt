package dev.iotsdk.shadow

import dev.iotsdk.core.java.JavaAdapter
import dev.iotsdk.model.IotJson
import dev.iotsdk.model.shadow.ShadowDeleteResponse
import dev.iotsdk.model.shadow.ShadowDeltaMessage
import dev.iotsdk.model.shadow.ShadowDocument
import dev.iotsdk.model.shadow.ShadowDocumentsMessage
import dev.iotsdk.model.shadow.ShadowState
import dev.iotsdk.shadow.internal.CodecSerializer
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.map
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executor
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import java.util.concurrent.atomic.AtomicInteger
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
 * [ShadowClient.asJava], in order, one at a time per subscription; without one, the view starts a daemon thread and
 * stops it on [close]. [close] stops the view's futures and callbacks; it does not close the [ShadowClient].
 */
public class ShadowClientJava internal constructor(private val client: ShadowClient, executor: Executor?) :
    AutoCloseable {
    private val ownedExecutor: ExecutorService? = if (executor == null) newCallbackThread() else null
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default + CoroutineName("iotsdk-shadow-java-view"))
    private val adapter = JavaAdapter(scope, executor ?: ownedExecutor!!)

    /** The Kotlin client behind this view. */
    public fun asKotlin(): ShadowClient = client

    /** See [ShadowClient.get]. */
    public fun get(shadowName: String?): CompletableFuture<ShadowDocument> = adapter.future { client.get(shadowName) }

    /** [get] of the classic shadow. */
    public fun get(): CompletableFuture<ShadowDocument> = get(null)

    /** See [ShadowClient.update]. */
    public fun update(
        state: ShadowState,
        expectedVersion: Long?,
        shadowName: String?,
    ): CompletableFuture<ShadowDocument> = adapter.future { client.update(state, expectedVersion, shadowName) }

    /**
     * [update] with the state given as JSON text, for example `{"desired":{"power":"on"}}`.
     * The future fails with [IllegalArgumentException] when it is not a state object.
     */
    public fun update(
        stateJson: String,
        expectedVersion: Long?,
        shadowName: String?,
    ): CompletableFuture<ShadowDocument> = adapter.future {
        client.update(IotJson.decodeFromString(ShadowState.serializer(), stateJson), expectedVersion, shadowName)
    }

    /** See [ShadowClient.delete]. */
    public fun delete(shadowName: String?): CompletableFuture<ShadowDeleteResponse> =
        adapter.future { client.delete(shadowName) }

    /** Calls [consumer] with every delta (see [ShadowClient.deltas]); [onError] gets a stream failure. */
    public fun onDelta(
        shadowName: String?,
        consumer: Consumer<ShadowDeltaMessage>,
        onError: Consumer<Throwable>?,
    ): AutoCloseable = adapter.collect(client.deltas(shadowName), consumer, onError)

    /** Calls [consumer] with every delta event, status included (see [ShadowClient.deltaEvents]). */
    public fun onDeltaEvent(
        shadowName: String?,
        consumer: Consumer<ShadowEvent<ShadowDeltaMessage>>,
        onError: Consumer<Throwable>?,
    ): AutoCloseable = adapter.collect(client.deltaEvents(shadowName), consumer, onError)

    /** Calls [consumer] with every documents message (see [ShadowClient.documents]). */
    public fun onDocuments(
        shadowName: String?,
        consumer: Consumer<ShadowDocumentsMessage>,
        onError: Consumer<Throwable>?,
    ): AutoCloseable = adapter.collect(client.documents(shadowName), consumer, onError)

    /**
     * Calls [consumer] with every documents event, subscription status included (see [ShadowClient.documentEvents]).
     */
    public fun onDocumentsEvent(
        shadowName: String?,
        consumer: Consumer<ShadowEvent<ShadowDocumentsMessage>>,
        onError: Consumer<Throwable>?,
    ): AutoCloseable = adapter.collect(client.documentEvents(shadowName), consumer, onError)

    /**
     * A typed view of one shadow whose state is a Java object [S], mapped to and from JSON by [codec] (for example
     * with Jackson; see [ShadowStateCodec]); [shadowName] is `null` for the classic shadow. The Java counterpart of
     * [ShadowClient.typed]; it shares this view's executor, and closing this view stops it.
     */
    public fun <S> typed(codec: ShadowStateCodec<S>, shadowName: String?): TypedShadowJava<S> =
        TypedShadowJava(client.typed(CodecSerializer(codec), shadowName), adapter)

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
    ): ShadowSyncJava<S> = ShadowSyncJava.create(client, codec, initial, shadowName, handler, adapter)

    /** [sync] of the classic shadow. */
    public fun <S> sync(codec: ShadowStateCodec<S>, initial: S, handler: ShadowSyncJava.Handler<S>): ShadowSyncJava<S> =
        sync(codec, initial, null, handler)

    /**
     * [get] with the document as JSON text, for reading it with the JSON library of your choice (the fields AWS
     * documents: `state` with `desired`, `reported`, `delta`; `metadata`, `version`, `timestamp`, `clientToken`;
     * absent fields are left out).
     */
    public fun getJson(shadowName: String?): CompletableFuture<String> =
        adapter.future { IotJson.encodeToString(ShadowDocument.serializer(), client.get(shadowName)) }

    /** Calls [consumer] with every delta message as JSON text (`state`, `metadata`, `version`, …; see [onDelta]). */
    public fun onDeltaJson(
        shadowName: String?,
        consumer: Consumer<String>,
        onError: Consumer<Throwable>?,
    ): AutoCloseable = adapter.collect(
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
    ): AutoCloseable = adapter.collect(
        client.documents(shadowName).map {
            IotJson.encodeToString(ShadowDocumentsMessage.serializer(), it)
        },
        consumer,
        onError,
    )

    /** Cancels pending futures and stops callbacks; the [ShadowClient] stays open. Idempotent. */
    override fun close() {
        scope.cancel()
        ownedExecutor?.shutdown()
    }

    override fun toString(): String = "ShadowClientJava($client)"

    private companion object {
        private val threads = AtomicInteger()

        fun newCallbackThread(): ExecutorService = Executors.newSingleThreadExecutor { r ->
            Thread(r, "iotsdk-shadow-callbacks-${threads.incrementAndGet()}").apply { isDaemon = true }
        }
    }
}
