package dev.iotsdk.dataplane

import dev.iotsdk.common.HttpEngine
import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.internal.DecodeFailures
import dev.iotsdk.common.internal.IotName
import dev.iotsdk.dataplane.internal.DataPlaneRequest
import dev.iotsdk.dataplane.internal.DataPlaneResponse
import dev.iotsdk.dataplane.internal.Engines
import dev.iotsdk.dataplane.internal.HttpBackend
import dev.iotsdk.dataplane.internal.NamedShadowsWire
import dev.iotsdk.dataplane.internal.RetainedListWire
import dev.iotsdk.dataplane.internal.RetainedMessageWire
import dev.iotsdk.dataplane.internal.Transport
import dev.iotsdk.dataplane.internal.UserPropertiesCodec
import dev.iotsdk.dataplane.internal.encodeLabel
import dev.iotsdk.dataplane.internal.paginate
import dev.iotsdk.model.IotJson
import dev.iotsdk.model.shadow.ShadowDeleteResponse
import dev.iotsdk.model.shadow.ShadowDocument
import dev.iotsdk.model.shadow.ShadowState
import dev.iotsdk.model.shadow.ShadowUpdateRequest
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.Flow
import kotlinx.serialization.DeserializationStrategy
import kotlinx.serialization.SerializationException
import java.io.Closeable
import java.util.Base64
import java.util.concurrent.atomic.AtomicBoolean

/**
 * The AWS IoT data plane over HTTPS (boto3's `iot-data`, the AWS SDK for Kotlin's `IotDataPlaneClient`): read,
 * update and delete device shadows, list named shadows, publish MQTT messages (with MQTT 5 properties), read retained
 * messages and disconnect clients, each call SigV4-signed. No MQTT stack is involved.
 *
 * Kotlin:
 * ```kotlin
 * IotDataPlaneClient {
 *     endpoint = "https://abc123-ats.iot.eu-west-1.amazonaws.com"
 *     region = "eu-west-1"
 * }.use { client ->
 *     val shadow = client.getThingShadow("lamp-1")
 *     client.updateThingShadow("lamp-1", ShadowState(desired = buildJsonObject { put("on", true) }))
 *     client.listRetainedMessagesPaginated().collect { page -> println(page.retainedTopics) }
 * }
 * ```
 * Java:
 * ```java
 * try (IotDataPlaneClient client = IotDataPlaneClient.create(IotDataPlaneConfig.builder().region("eu-west-1").build())) {
 *     ShadowDocument doc = client.asJava().getThingShadow("lamp-1", null).join();
 * }
 * ```
 *
 * Errors: HTTP errors throw a [DataPlaneServiceException] subclass named as in boto3 ([ResourceNotFoundException],
 * [ConflictException], …) with the HTTP status and request id; failures to get a valid answer throw
 * [DataPlaneClientException]. Throttling is retried for every operation, 5xx and network errors only for idempotent
 * ones (GET and DELETE), with exponential backoff and full jitter ([IotDataPlaneConfig.maxAttempts]).
 *
 * Threading: every method may be called concurrently from any coroutine; suspend functions are main-safe (the
 * engine does its I/O on its own threads or on `Dispatchers.IO`) and cancellable: cancelling the caller aborts the
 * request and closes its connection. [close] releases
 * the engine and fails later calls.
 */
@OptIn(InternalIotSdkApi::class)
public class IotDataPlaneClient private constructor(
    /** The configuration this client was built with. */
    public val config: IotDataPlaneConfig,
) : Closeable {
    private val backend: HttpBackend = Engines.create(config)
    private val transport = Transport(config, backend)
    private val closed = AtomicBoolean(false)
    internal val scope: CoroutineScope = CoroutineScope(
        SupervisorJob() + Dispatchers.Default + CoroutineName("iotsdk-dataplane"),
    )

    /**
     * GetThingShadow: the shadow document of [thingName] (the classic shadow, or the named shadow [shadowName]),
     * with `state.delta` when desired and reported differ.
     * @throws ResourceNotFoundException when the shadow does not exist.
     */
    public suspend fun getThingShadow(thingName: String, shadowName: String? = null): ShadowDocument {
        val response = call(DataPlaneRequest("GetThingShadow", "GET", shadowPath(thingName), shadowQuery(shadowName)))
        return decode("GetThingShadow", ShadowDocument.serializer(), response)
    }

    /**
     * UpdateThingShadow with [state] (`null` values delete keys), conditional on [expectedVersion] when given, and
     * [clientToken] echoed in the response and in the MQTT `delta`/`documents` messages. Returns the accepted
     * document (the fields of the request, their metadata, the new version).
     * @throws ConflictException when [expectedVersion] is not the current version.
     * @throws RequestEntityTooLargeException when the resulting document exceeds the shadow size limit.
     */
    public suspend fun updateThingShadow(
        thingName: String,
        state: ShadowState,
        shadowName: String? = null,
        expectedVersion: Long? = null,
        clientToken: String? = null,
    ): ShadowDocument {
        val body = IotJson.encodeToString(
            ShadowUpdateRequest.serializer(),
            ShadowUpdateRequest(state, clientToken, expectedVersion),
        )
        return updateThingShadow(thingName, body.toByteArray(Charsets.UTF_8), shadowName)
    }

    /**
     * UpdateThingShadow with a raw request document ([payload], for example `{"state":{"desired":{"on":true}}}`), as
     * boto3's `payload`. The service validates it: non-JSON fails with [InvalidRequestException], non-UTF-8 with
     * [UnsupportedDocumentEncodingException].
     */
    public suspend fun updateThingShadow(
        thingName: String,
        payload: ByteArray,
        shadowName: String? = null,
    ): ShadowDocument {
        val response =
            call(
                DataPlaneRequest(
                    "UpdateThingShadow",
                    "POST",
                    shadowPath(thingName),
                    shadowQuery(shadowName),
                    body = payload,
                ),
            )
        return decode("UpdateThingShadow", ShadowDocument.serializer(), response)
    }

    /**
     * DeleteThingShadow: deletes the classic shadow or [shadowName]; returns the deleted version (a later update
     * continues from it).
     * @throws ResourceNotFoundException when the shadow does not exist.
     */
    public suspend fun deleteThingShadow(thingName: String, shadowName: String? = null): ShadowDeleteResponse {
        val response =
            call(DataPlaneRequest("DeleteThingShadow", "DELETE", shadowPath(thingName), shadowQuery(shadowName)))
        return decode("DeleteThingShadow", ShadowDeleteResponse.serializer(), response)
    }

    /**
     * ListNamedShadowsForThing: one page of the named shadows of [thingName] (the classic shadow is never listed;
     * an unknown thing gives an empty list). [pageSize] is 1–100.
     */
    public suspend fun listNamedShadowsForThing(
        thingName: String,
        nextToken: String? = null,
        pageSize: Int? = null,
    ): ListNamedShadowsPage {
        require(pageSize == null || pageSize in 1..MAX_SHADOW_PAGE) {
            "pageSize must be between 1 and $MAX_SHADOW_PAGE"
        }
        val query = listOfNotNull(nextToken?.let { "nextToken" to it }, pageSize?.let { "pageSize" to it.toString() })
        val path = "/api/things/shadow/ListNamedShadowsForThing/${encodeLabel(requireThing(thingName))}"
        val wire =
            decode(
                "ListNamedShadowsForThing",
                NamedShadowsWire.serializer(),
                call(DataPlaneRequest("ListNamedShadowsForThing", "GET", path, query)),
            )
        return ListNamedShadowsPage(wire.results, wire.nextToken?.takeIf { it.isNotEmpty() }, wire.timestamp)
    }

    /** Every page of [listNamedShadowsForThing] as a cold flow, walked as [pagination] says. */
    public fun listNamedShadowsForThingPaginated(
        thingName: String,
        pagination: PaginationConfig = PaginationConfig.DEFAULT,
    ): Flow<ListNamedShadowsPage> = paginate(
        pagination,
        MAX_SHADOW_PAGE,
        { token, size -> listNamedShadowsForThing(thingName, token, size) },
        { it.results },
        { it.nextToken },
        { page, items, token -> ListNamedShadowsPage(items, token, page.timestamp) },
    )

    /**
     * Publish: sends [request] to MQTT subscribers of its topic through AWS IoT, with its QoS, retain flag and MQTT 5
     * properties. Not retried on 5xx (a publish is not idempotent); throttling is retried.
     */
    public suspend fun publish(request: PublishRequest) {
        val query = buildList {
            add("qos" to request.qos.toString())
            if (request.retain) add("retain" to "true")
            request.contentType?.let { add("contentType" to it) }
            request.responseTopic?.let { add("responseTopic" to it) }
            request.messageExpirySeconds?.let { add("messageExpiry" to it.toString()) }
        }
        val headers = buildList {
            if (request.userProperties.isNotEmpty()) {
                add(
                    "x-amz-mqtt5-user-properties" to UserPropertiesCodec.encode(request.userProperties),
                )
            }
            request.payloadFormatIndicator?.let { add("x-amz-mqtt5-payload-format-indicator" to it.name) }
            request.correlationBytes()?.let {
                add(
                    "x-amz-mqtt5-correlation-data" to Base64.getEncoder().encodeToString(it),
                )
            }
        }
        call(
            DataPlaneRequest(
                "Publish",
                "POST",
                "/topics/${encodeLabel(request.topic)}",
                query,
                headers,
                request.payloadBytes(),
            ),
        )
    }

    /** Publish of [payload] on [topic] with [qos] and [retain] and no MQTT 5 properties. */
    public suspend fun publish(topic: String, payload: ByteArray, qos: Int = 0, retain: Boolean = false): Unit =
        publish(PublishRequest(topic, payload, qos, retain))

    /**
     * GetRetainedMessage: the retained message of [topic] with its payload.
     * @throws ResourceNotFoundException when the topic has no retained message.
     */
    public suspend fun getRetainedMessage(topic: String): RetainedMessage {
        require(topic.isNotEmpty()) { "topic must not be empty" }
        val wire =
            decode(
                "GetRetainedMessage",
                RetainedMessageWire.serializer(),
                call(DataPlaneRequest("GetRetainedMessage", "GET", "/retainedMessage/${encodeLabel(topic)}")),
            )
        return try {
            RetainedMessage(
                wire.topic,
                wire.payload?.let { Base64.getDecoder().decode(it) } ?: ByteArray(0),
                wire.qos,
                wire.lastModifiedTime,
                wire.userProperties?.let { UserPropertiesCodec.decode(it) } ?: emptyList(),
            )
        } catch (e: IllegalArgumentException) {
            throw DataPlaneClientException(
                "GetRetainedMessage failed: the answer's payload or userProperties is not the documented base64/JSON",
                e,
                false,
            )
        }
    }

    /** ListRetainedMessages: one page of retained topics (no payloads). [maxResults] is 1–200. */
    public suspend fun listRetainedMessages(
        nextToken: String? = null,
        maxResults: Int? = null,
    ): ListRetainedMessagesPage {
        require(maxResults == null || maxResults in 1..MAX_RETAINED_PAGE) {
            "maxResults must be between 1 and $MAX_RETAINED_PAGE"
        }
        val query =
            listOfNotNull(maxResults?.let { "maxResults" to it.toString() }, nextToken?.let { "nextToken" to it })
        val wire =
            decode(
                "ListRetainedMessages",
                RetainedListWire.serializer(),
                call(DataPlaneRequest("ListRetainedMessages", "GET", "/retainedMessage", query)),
            )
        return ListRetainedMessagesPage(
            wire.retainedTopics.map { RetainedMessageSummary(it.topic, it.payloadSize, it.qos, it.lastModifiedTime) },
            wire.nextToken?.takeIf { it.isNotEmpty() },
        )
    }

    /** Every page of [listRetainedMessages] as a cold flow, walked as [pagination] says (boto3's paginator). */
    public fun listRetainedMessagesPaginated(
        pagination: PaginationConfig = PaginationConfig.DEFAULT,
    ): Flow<ListRetainedMessagesPage> = paginate(
        pagination,
        MAX_RETAINED_PAGE,
        { token, size -> listRetainedMessages(token, size) },
        { it.retainedTopics },
        { it.nextToken },
        { _, items, token -> ListRetainedMessagesPage(items, token) },
    )

    /**
     * DeleteConnection: disconnects the MQTT client [clientId]; with [cleanSession] its session is discarded, with
     * [preventWillMessage] its will message is not sent.
     * @throws ResourceNotFoundException when no client with that id is connected.
     */
    public suspend fun deleteConnection(
        clientId: String,
        cleanSession: Boolean = false,
        preventWillMessage: Boolean = false,
    ) {
        IotName.CLIENT_ID.requireValid(clientId)
        val query = listOfNotNull(
            ("cleanSession" to "true").takeIf { cleanSession },
            ("preventWillMessage" to "true").takeIf { preventWillMessage },
        )
        call(DataPlaneRequest("DeleteConnection", "DELETE", "/connections/${encodeLabel(clientId)}", query))
    }

    /** The Java view (futures) of this client, one per client; it shares this client's connections and lifetime. */
    public fun asJava(): IotDataPlaneClientJava = java

    private val java by lazy { IotDataPlaneClientJava(this) }

    /** Cancels calls made through [asJava], closes the HTTP engine and its connections. Idempotent. */
    override fun close() {
        if (!closed.compareAndSet(false, true)) return
        scope.cancel()
        backend.close()
    }

    override fun toString(): String = "IotDataPlaneClient(${config.endpoint})"

    private suspend fun call(request: DataPlaneRequest) = if (closed.get()) {
        throw DataPlaneClientException("${request.operation} failed: the client is closed", null, false)
    } else {
        transport.execute(request)
    }

    private fun <T> decode(operation: String, strategy: DeserializationStrategy<T>, response: DataPlaneResponse): T =
        try {
            IotJson.decodeFromString(strategy, response.body.decodeToString(throwOnInvalidSequence = true))
        } catch (e: SerializationException) {
            throw malformed(operation, response, e)
        } catch (e: IllegalArgumentException) {
            throw malformed(operation, response, e)
        } catch (e: CharacterCodingException) {
            throw malformed(operation, response, e)
        }

    private fun malformed(operation: String, response: DataPlaneResponse, e: Exception) = DataPlaneClientException(
        "$operation failed: HTTP ${response.status} with a body that is not the documented JSON " +
            "(${response.body.size} bytes: ${DecodeFailures.describe(e)})" +
            (response.requestId?.let { " [request id $it]" } ?: ""),
        null,
        isRetryable = false,
    )

    private fun shadowPath(thingName: String) = "/things/${encodeLabel(requireThing(thingName))}/shadow"

    private fun shadowQuery(shadowName: String?): List<Pair<String, String>> {
        if (shadowName == null) return emptyList()
        return listOf("name" to IotName.SHADOW.requireValid(shadowName))
    }

    private fun requireThing(thingName: String): String = IotName.THING.requireValid(thingName)

    /** Factories. */
    public companion object {
        private const val MAX_SHADOW_PAGE = 100
        private const val MAX_RETAINED_PAGE = 200

        /**
         * A client for [config].
         * @throws DataPlaneClientException when the chosen [HttpEngine]'s artifact is missing.
         */
        @JvmStatic
        public fun create(config: IotDataPlaneConfig): IotDataPlaneClient = IotDataPlaneClient(config)

        /** Kotlin DSL: `IotDataPlaneClient { region = "eu-west-1" }`. */
        public operator fun invoke(block: IotDataPlaneConfig.Builder.() -> Unit): IotDataPlaneClient =
            create(IotDataPlaneConfig(block))
    }
}
