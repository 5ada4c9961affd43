@file:OptIn(InternalIotSdkApi::class)

package dev.iotsdk.shadow

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.internal.DecodeFailures
import dev.iotsdk.common.internal.IotName
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.MalformedResponseException
import dev.iotsdk.core.internal.requestresponse.RejectionMapper
import dev.iotsdk.core.internal.requestresponse.RequestOperation
import dev.iotsdk.core.internal.requestresponse.RequestResponseClient
import dev.iotsdk.core.internal.requestresponse.RequestResponseOptions
import dev.iotsdk.core.internal.requestresponse.ResponseMessage
import dev.iotsdk.core.internal.requestresponse.ResponsePath
import dev.iotsdk.core.internal.requestresponse.SubscriptionEvent
import dev.iotsdk.core.internal.requestresponse.SubscriptionStatus
import dev.iotsdk.model.IotJson
import dev.iotsdk.model.shadow.ShadowDeleteResponse
import dev.iotsdk.model.shadow.ShadowDeltaMessage
import dev.iotsdk.model.shadow.ShadowDocument
import dev.iotsdk.model.shadow.ShadowDocumentsMessage
import dev.iotsdk.model.shadow.ShadowErrorResponse
import dev.iotsdk.model.shadow.ShadowRequest
import dev.iotsdk.model.shadow.ShadowSnapshot
import dev.iotsdk.model.shadow.ShadowState
import dev.iotsdk.model.shadow.ShadowUpdateRequest
import dev.iotsdk.shadow.internal.ShadowTopics
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.channelFlow
import kotlinx.coroutines.flow.takeWhile
import kotlinx.coroutines.flow.transform
import kotlinx.coroutines.launch
import kotlinx.serialization.KSerializer
import kotlinx.serialization.SerializationException
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.serializer
import java.util.concurrent.Executor

/**
 * The AWS IoT Device Shadow client of one thing: [get], [update] and [delete] of its classic shadow (`shadowName =
 * null`) or of a named shadow, and its [deltas] and [documents] as Flows.
 *
 * Requests are correlated by a fresh `clientToken` through iot-core's request/response engine: the response
 * subscriptions (`…/get/+`, `…/update/accepted` and `…/update/rejected`, `…/delete/+`) are shared between requests
 * and kept [ShadowOptions.subscriptionLinger] after the last one; each request has a deadline of
 * [ShadowOptions.requestTimeout] from submission. A rejected response throws [ShadowRejectedException] with the AWS
 * code (409 for a version conflict).
 *
 * Streams survive reconnects. After a reconnect **without** a session (messages may have been lost) a stream re-reads
 * the shadow with [get] and emits the result as a synthetic message marked [ShadowEvent.Received.resync]: a delta
 * built from the GET's `delta` (nothing when there is none), a documents message with the GET's document as
 * `current`. So a collector of [deltas] misses no desired change.
 *
 * ```kotlin
 * val shadow = ShadowClient(mqtt, "lamp-1")
 * launch { shadow.deltas().collect { delta -> apply(delta.state) } }
 * shadow.update(reported = buildJsonObject { put("power", "on") })
 * val doc = shadow.get()
 * ```
 *
 * ```java
 * ShadowClientJava shadow = new ShadowClient(mqtt, "lamp-1").asJava();
 * ShadowDocument doc = shadow.get().join();
 * AutoCloseable sub = shadow.onDelta(null, delta -> System.out.println(delta.getState()), Throwable::printStackTrace);
 * ```
 *
 * Threading: safe from any thread; suspend functions never block. Cancelling a request stops waiting (a request
 * already published cannot be recalled). [close] releases the client's subscriptions and ends its streams; it does
 * not close [mqtt].
 */
public class ShadowClient @JvmOverloads constructor(
    /** The MQTT connection. */
    public val mqtt: IotMqttClient,
    /** The thing whose shadows this client reads and writes. */
    public val thingName: String,
    /** The settings. */
    public val options: ShadowOptions = ShadowOptions(),
) : AutoCloseable {
    init {
        // before the request/response client exists, so a refused name leaves nothing to close
        IotName.THING.requireValid(thingName)
    }

    private val rr = RequestResponseClient(
        mqtt,
        RequestResponseOptions(defaultTimeout = options.requestTimeout, subscriptionLinger = options.effectiveLinger),
    )

    /**
     * Reads the shadow: the full document, with `state.delta` when desired and reported differ.
     *
     * @throws ShadowRejectedException (404 when the shadow does not exist); [dev.iotsdk.core.OperationTimeoutException]
     * after the deadline; the connection's exceptions.
     */
    public suspend fun get(shadowName: String? = null): ShadowDocument {
        val topics = topics(shadowName)
        val token = RequestResponseClient.newClientToken()
        val response = rr.request(
            operation(topics, shadowName, "get", encode(ShadowRequest.serializer(), ShadowRequest(token)), token),
        )
        return decode(ShadowDocument.serializer(), response)
    }

    /**
     * Updates the shadow with [state] (desired and/or reported; `null` values delete keys). With [expectedVersion] the
     * update applies only if the shadow's current version is that one, otherwise it fails with a 409
     * [ShadowRejectedException] ([ShadowRejectedException.isVersionConflict]). Creates the shadow if needed.
     *
     * @return the `update/accepted` document: the request's fields, their metadata, the new version.
     * @throws ShadowStateTooLargeException before sending when the state exceeds [ShadowOptions.maxStateBytes];
     * ShadowRejectedException; [dev.iotsdk.core.OperationTimeoutException]; the connection's exceptions.
     */
    public suspend fun update(
        state: ShadowState,
        expectedVersion: Long? = null,
        shadowName: String? = null,
    ): ShadowDocument {
        val topics = topics(shadowName)
        checkSize(state, shadowName)
        val token = RequestResponseClient.newClientToken()
        val payload = encode(ShadowUpdateRequest.serializer(), ShadowUpdateRequest(state, token, expectedVersion))
        return decode(ShadowDocument.serializer(), rr.request(operation(topics, shadowName, "update", payload, token)))
    }

    /**
     * Updates the [desired] and/or [reported] sections (at least one); see [update].
     *
     * @throws IllegalArgumentException when both are `null`.
     */
    public suspend fun update(
        desired: JsonObject? = null,
        reported: JsonObject? = null,
        expectedVersion: Long? = null,
        shadowName: String? = null,
    ): ShadowDocument {
        require(desired != null || reported != null) { "an update needs desired or reported state" }
        return update(ShadowState(desired = desired, reported = reported), expectedVersion, shadowName)
    }

    /**
     * Deletes the shadow. Its version is kept: a shadow created again continues from it.
     *
     * @throws ShadowRejectedException (404 when it does not exist); [dev.iotsdk.core.OperationTimeoutException].
     */
    public suspend fun delete(shadowName: String? = null): ShadowDeleteResponse {
        val topics = topics(shadowName)
        val token = RequestResponseClient.newClientToken()
        val response = rr.request(
            operation(topics, shadowName, "delete", encode(ShadowRequest.serializer(), ShadowRequest(token)), token),
        )
        return decode(ShadowDeleteResponse.serializer(), response)
    }

    /**
     * The `update/delta` stream with its subscription status and errors: cold; each collector subscribes (shared with
     * others on the same topic) and unsubscribes when it stops. See the class documentation for the re-read after a
     * session loss. The flow fails only when the broker refuses the subscription, and completes when [close] is called.
     */
    public fun deltaEvents(shadowName: String? = null): Flow<ShadowEvent<ShadowDeltaMessage>> =
        stream(topics(shadowName).delta, ShadowDeltaMessage.serializer()) {
            val doc = getIfExists(shadowName) ?: return@stream null
            val delta = doc.state?.delta ?: return@stream null
            ShadowDeltaMessage(state = delta, version = doc.version, timestamp = doc.timestamp)
        }

    /** The delta messages of [deltaEvents] (including re-read ones), without status and error events. */
    public fun deltas(shadowName: String? = null): Flow<ShadowDeltaMessage> = deltaEvents(shadowName).messages()

    /** The `update/documents` stream with its subscription status and errors; see [deltaEvents]. */
    public fun documentEvents(shadowName: String? = null): Flow<ShadowEvent<ShadowDocumentsMessage>> =
        stream(topics(shadowName).documents, ShadowDocumentsMessage.serializer()) {
            val doc = getIfExists(shadowName) ?: return@stream null
            val state = doc.state?.let { ShadowState(desired = it.desired, reported = it.reported) }
            ShadowDocumentsMessage(
                current = ShadowSnapshot(state, doc.metadata, doc.version),
                timestamp = doc.timestamp,
            )
        }

    /** The documents messages of [documentEvents] (including re-read ones), without status and error events. */
    public fun documents(shadowName: String? = null): Flow<ShadowDocumentsMessage> =
        documentEvents(shadowName).messages()

    /**
     * A typed view of the classic shadow (or of named shadow [shadowName]) whose state is an `S`: whole-object get and
     * update, and the desired state as a Flow of whole `S` objects (each delta merged into the last known state).
     *
     * ```kotlin
     * @Serializable data class Lamp(val power: String = "off", val color: String = "white")
     * val lamp = shadow.typed<Lamp>()
     * lamp.report(Lamp(power = "on"))
     * lamp.desired().collect { wanted -> hardware.set(wanted) }
     * ```
     */
    public inline fun <reified S> typed(shadowName: String? = null): TypedShadow<S> = typed(serializer<S>(), shadowName)

    /** [typed] with an explicit serializer (for Java or generic code). */
    @JvmOverloads
    public fun <S> typed(serializer: KSerializer<S>, shadowName: String? = null): TypedShadow<S> {
        shadowName?.let(IotName.SHADOW::requireValid)
        return TypedShadow(this, serializer, shadowName)
    }

    /**
     * The Java view of this client: `CompletableFuture`s, and callbacks on [executor] (`null`: a daemon thread of the
     * view's own, stopped when the view closes).
     */
    @JvmOverloads
    public fun asJava(executor: Executor? = null): ShadowClientJava = ShadowClientJava(this, executor)

    /** Fails pending requests with [dev.iotsdk.core.ClientClosedException] and ends the streams. Idempotent. */
    override fun close(): Unit = rr.close()

    override fun toString(): String = "ShadowClient(thingName=$thingName, $options)"

    private suspend fun getIfExists(shadowName: String?): ShadowDocument? = try {
        get(shadowName)
    } catch (e: ShadowRejectedException) {
        if (e.isNotFound) null else throw e
    }

    private fun <T> stream(filter: String, serializer: KSerializer<T>, reread: suspend () -> T?): Flow<ShadowEvent<T>> =
        channelFlow {
            val op = rr.streamingOperation(filter)
            try {
                val messages = launch(start = CoroutineStart.UNDISPATCHED) {
                    op.messages.collect { msg ->
                        val event = try {
                            ShadowEvent.Received(
                                IotJson.decodeFromString(serializer, msg.payloadAsString()),
                                resync = false,
                            )
                        } catch (e: SerializationException) {
                            ShadowEvent.Error(
                                MalformedResponseException(
                                    msg.topic,
                                    msg.payload,
                                    DecodeFailures.describe(e),
                                ),
                            )
                        } catch (e: IllegalArgumentException) {
                            ShadowEvent.Error(
                                MalformedResponseException(
                                    msg.topic,
                                    msg.payload,
                                    DecodeFailures.describe(e),
                                ),
                            )
                        }
                        send(event)
                    }
                }
                val resyncs = launch(start = CoroutineStart.UNDISPATCHED) {
                    op.events.collect { event ->
                        if (event is SubscriptionEvent.Resubscribed) {
                            val result = try {
                                reread()?.let { ShadowEvent.Received(it, resync = true) }
                            } catch (e: CancellationException) {
                                throw e
                            } catch (e: Exception) {
                                ShadowEvent.Error(e)
                            }
                            if (result != null) send(result)
                        }
                    }
                }
                op.status.takeWhile { it !is SubscriptionStatus.Closed }.collect { status ->
                    when (status) {
                        is SubscriptionStatus.Subscribed -> send(ShadowEvent.Subscribed)
                        is SubscriptionStatus.SubscriptionLost -> send(ShadowEvent.SubscriptionLost)
                        is SubscriptionStatus.SubscriptionHalted -> throw status.cause
                        else -> Unit
                    }
                }
                messages.cancel()
                resyncs.cancel()
            } finally {
                op.close()
            }
        }

    private fun <T> Flow<ShadowEvent<T>>.messages(): Flow<T> = transform {
        if (it is ShadowEvent.Received) emit(it.value)
    }

    private fun topics(shadowName: String?): ShadowTopics {
        shadowName?.let(IotName.SHADOW::requireValid)
        return ShadowTopics(thingName, shadowName)
    }

    private fun operation(
        topics: ShadowTopics,
        shadowName: String?,
        op: String,
        payload: ByteArray,
        token: String,
    ): RequestOperation {
        val subscriptions = if (op == "update") {
            listOf(topics.accepted(op), topics.rejected(op)) // a wildcard would also match delta and documents
        } else {
            listOf("${topics.prefix}/$op/+")
        }
        return RequestOperation(
            requestTopic = topics.request(op),
            payload = payload,
            subscriptions = subscriptions,
            accepted = ResponsePath(topics.accepted(op)),
            rejected = ResponsePath(topics.rejected(op)),
            correlationToken = token,
            rejectionMapper = RejectionMapper { rejection ->
                val error = try {
                    IotJson.decodeFromString(ShadowErrorResponse.serializer(), rejection.payload.decodeToString())
                } catch (e: SerializationException) {
                    null
                } catch (e: IllegalArgumentException) {
                    null
                }
                ShadowRejectedException(
                    thingName,
                    shadowName,
                    op,
                    code = error?.code ?: rejection.statusCode ?: INTERNAL_ERROR,
                    serviceMessage = error?.message ?: rejection.serviceMessage,
                    clientToken = error?.clientToken ?: rejection.correlationToken,
                    cause = rejection,
                )
            },
        )
    }

    private fun checkSize(state: ShadowState, shadowName: String?) {
        val size = (state.desired?.toString()?.encodeToByteArray()?.size ?: 0) +
            (state.reported?.toString()?.encodeToByteArray()?.size ?: 0)
        if (size >
            options.maxStateBytes
        ) {
            throw ShadowStateTooLargeException(thingName, shadowName, size, options.maxStateBytes)
        }
    }

    private fun <T> encode(serializer: KSerializer<T>, value: T): ByteArray =
        IotJson.encodeToString(serializer, value).encodeToByteArray()

    private fun <T> decode(serializer: KSerializer<T>, response: ResponseMessage): T = try {
        IotJson.decodeFromString(serializer, response.payloadAsString())
    } catch (e: SerializationException) {
        throw MalformedResponseException(response.topic, response.payload, DecodeFailures.describe(e))
    } catch (e: IllegalArgumentException) {
        throw MalformedResponseException(response.topic, response.payload, DecodeFailures.describe(e))
    }

    private companion object {
        const val INTERNAL_ERROR = 500
    }
}
