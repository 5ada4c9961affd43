@file:OptIn(InternalIotSdkApi::class)

package dev.iotsdk.dataplane

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.java.JavaView
import dev.iotsdk.model.IotJson
import dev.iotsdk.model.shadow.ShadowDeleteResponse
import dev.iotsdk.model.shadow.ShadowDocument
import dev.iotsdk.model.shadow.ShadowState
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.job
import java.util.concurrent.CompletableFuture

/**
 * The Java view of an [IotDataPlaneClient] (from [IotDataPlaneClient.asJava]): every operation returns a
 * [CompletableFuture] that completes on an SDK thread, or fails with the same exceptions as the Kotlin call
 * (`join()` wraps them in a `CompletionException`). Cancelling a future cancels its request. `shadowName`
 * parameters are `null` for the classic shadow. Closing the [IotDataPlaneClient] cancels pending futures (they complete
 * with `CancellationException`) and later calls are cancelled at once.
 *
 * ```java
 * IotDataPlaneClientJava data = client.asJava();
 * data.updateThingShadow("lamp-1", "{\"desired\":{\"on\":true}}", null).join();
 * data.publish(PublishRequest.builder("lamps/cmd").payload("{\"on\":true}").qos(1).build()).join();
 * List<ListRetainedMessagesPage> pages = data.listRetainedMessagesPages(PaginationConfig.DEFAULT).join();
 * for (ListNamedShadowsPage page : data.listNamedShadowsForThingPaginator("lamp-1", PaginationConfig.DEFAULT)) { … }
 * String doc = data.getThingShadowJson("lamp-1", null).join(); // for Jackson, Gson, …
 * ```
 */
public class IotDataPlaneClientJava internal constructor(private val client: IotDataPlaneClient) {
    /** Futures only (no callback runs on the view's executor, so it never starts a thread); a child of the client. */
    private val view = JavaView("iotsdk-dataplane-java-view", null, client.scope.coroutineContext.job)

    /** The Kotlin client behind this view. */
    public fun asKotlin(): IotDataPlaneClient = client

    /** See [IotDataPlaneClient.getThingShadow]. */
    public fun getThingShadow(thingName: String, shadowName: String?): CompletableFuture<ShadowDocument> =
        view.future { client.getThingShadow(thingName, shadowName) }

    /**
     * [getThingShadow] with the document as JSON text, for the JSON library of your choice (`state` with `desired`,
     * `reported`, `delta`; `metadata`, `version`, `timestamp`; absent fields are left out).
     */
    public fun getThingShadowJson(thingName: String, shadowName: String?): CompletableFuture<String> = view.future {
        IotJson.encodeToString(ShadowDocument.serializer(), client.getThingShadow(thingName, shadowName))
    }

    /** See [IotDataPlaneClient.updateThingShadow]. */
    public fun updateThingShadow(
        thingName: String,
        state: ShadowState,
        shadowName: String?,
    ): CompletableFuture<ShadowDocument> = view.future { client.updateThingShadow(thingName, state, shadowName) }

    /**
     * [IotDataPlaneClient.updateThingShadow] with the state as JSON text, e.g. `{"desired":{"on":true}}`; the future
     * fails with [IllegalArgumentException] when it is not a state object.
     */
    public fun updateThingShadow(
        thingName: String,
        stateJson: String,
        shadowName: String?,
    ): CompletableFuture<ShadowDocument> = view.future {
        client.updateThingShadow(
            thingName,
            IotJson.decodeFromString(ShadowState.serializer(), stateJson),
            shadowName,
        )
    }

    /** See [IotDataPlaneClient.deleteThingShadow]. */
    public fun deleteThingShadow(thingName: String, shadowName: String?): CompletableFuture<ShadowDeleteResponse> =
        view.future { client.deleteThingShadow(thingName, shadowName) }

    /** See [IotDataPlaneClient.listNamedShadowsForThing]; `null` for defaults. */
    public fun listNamedShadowsForThing(
        thingName: String,
        nextToken: String?,
        pageSize: Int?,
    ): CompletableFuture<ListNamedShadowsPage> =
        view.future { client.listNamedShadowsForThing(thingName, nextToken, pageSize) }

    /** Every page of [IotDataPlaneClient.listNamedShadowsForThingPaginated], collected. */
    public fun listNamedShadowsForThingPages(
        thingName: String,
        pagination: PaginationConfig,
    ): CompletableFuture<List<ListNamedShadowsPage>> =
        view.future { client.listNamedShadowsForThingPaginated(thingName, pagination).toList() }

    /**
     * The pages of [IotDataPlaneClient.listNamedShadowsForThingPaginated], one request at a time: iterate them, or
     * [DataPlanePaginator.forEachPage]. No request is made before the walk starts.
     */
    public fun listNamedShadowsForThingPaginator(
        thingName: String,
        pagination: PaginationConfig,
    ): DataPlanePaginator<ListNamedShadowsPage> = DataPlanePaginator(view, pagination, {
        client.listNamedShadowsForThingPaginated(thingName, it)
    }, { it.results.size }, { it.nextToken })

    /** See [IotDataPlaneClient.publish]. */
    public fun publish(request: PublishRequest): CompletableFuture<Void?> = view.future {
        client.publish(request)
        null
    }

    /** See [IotDataPlaneClient.getRetainedMessage]. */
    public fun getRetainedMessage(topic: String): CompletableFuture<RetainedMessage> =
        view.future { client.getRetainedMessage(topic) }

    /** See [IotDataPlaneClient.listRetainedMessages]; `null` for defaults. */
    public fun listRetainedMessages(nextToken: String?, maxResults: Int?): CompletableFuture<ListRetainedMessagesPage> =
        view.future { client.listRetainedMessages(nextToken, maxResults) }

    /** Every page of [IotDataPlaneClient.listRetainedMessagesPaginated], collected. */
    public fun listRetainedMessagesPages(
        pagination: PaginationConfig,
    ): CompletableFuture<List<ListRetainedMessagesPage>> =
        view.future { client.listRetainedMessagesPaginated(pagination).toList() }

    /**
     * The pages of [IotDataPlaneClient.listRetainedMessagesPaginated], one request at a time: iterate them, or
     * [DataPlanePaginator.forEachPage]. No request is made before the walk starts.
     */
    public fun listRetainedMessagesPaginator(
        pagination: PaginationConfig,
    ): DataPlanePaginator<ListRetainedMessagesPage> = DataPlanePaginator(view, pagination, {
        client.listRetainedMessagesPaginated(it)
    }, { it.retainedTopics.size }, { it.nextToken })

    /** See [IotDataPlaneClient.deleteConnection]. */
    public fun deleteConnection(
        clientId: String,
        cleanSession: Boolean,
        preventWillMessage: Boolean,
    ): CompletableFuture<Void?> = view.future {
        client.deleteConnection(clientId, cleanSession, preventWillMessage)
        null
    }
}
