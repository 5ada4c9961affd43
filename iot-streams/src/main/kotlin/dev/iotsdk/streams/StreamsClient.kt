package dev.iotsdk.streams

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.internal.DecodeFailures
import dev.iotsdk.common.internal.IotName
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.MalformedResponseException
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.MqttSubscription
import dev.iotsdk.core.OperationTimeoutException
import dev.iotsdk.core.Qos
import dev.iotsdk.core.Subscription
import dev.iotsdk.streams.internal.DownloadSession
import dev.iotsdk.streams.internal.StreamCodec
import dev.iotsdk.streams.internal.StreamLimits
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.last
import kotlinx.coroutines.flow.mapNotNull
import kotlinx.coroutines.withTimeoutOrNull
import java.security.SecureRandom
import java.util.concurrent.Executor

/**
 * AWS IoT MQTT-based file delivery for one thing and one stream (the protocol behind AWS IoT OTA over MQTT):
 * [describe] (DescribeStream), [getBlocks] (GetStream) and [download], a resumable download of a whole file to disk
 * with bounded memory, a checksum or signature check and progress as a flow.
 *
 * Topics: `$aws/things/<thingName>/streams/<streamId>/{describe,description,get,data,rejected}/<json|cbor>`; the
 * client subscribes to the answers (QoS 1) before it asks, as AWS requires. Answers are matched by client token.
 *
 * Kotlin:
 * ```kotlin
 * val streams = StreamsClient(mqtt, thingName = "sensor-1", streamId = "AFR_OTA-1234")
 * streams.download(FileDownload(fileId = 0, target = Path.of("fw.bin"), verifier = FileVerifier.sha256(digest)))
 *     .collect { println(it) }
 * ```
 * Java:
 * ```java
 * StreamsClientJava streams = new StreamsClient(mqtt, "sensor-1", "AFR_OTA-1234").asJava();
 * DownloadProgress done = streams.download(new FileDownload(0, Path.of("fw.bin")), p -> log(p)).get();
 * ```
 *
 * Threading: every function may be called from any thread; several downloads may run at once. Cancellation: cancelling
 * a call stops it; a download keeps what it wrote for the next one. [close] does not close [mqtt].
 *
 * @throws IllegalArgumentException (constructor) for a thing name or stream id AWS would refuse.
 */
@OptIn(InternalIotSdkApi::class)
public class StreamsClient @JvmOverloads constructor(
    /** The MQTT connection (connected by the caller). */
    public val mqtt: IotMqttClient,
    /** The thing the connection acts for. */
    public val thingName: String,
    /** The stream (`[a-zA-Z0-9_-]{1,128}`), e.g. an OTA job document's `streamname`. */
    public val streamId: String,
    /** The settings. */
    public val options: StreamsClientOptions = StreamsClientOptions(),
) : AutoCloseable {
    init {
        IotName.THING.requireValid(thingName)
        require(StreamLimits.STREAM_ID.matches(streamId)) {
            "invalid stream id ${IotName.quote(streamId)}: 1-128 characters of [a-zA-Z0-9_-]"
        }
    }

    internal val codec = StreamCodec(options.format)
    private val random = SecureRandom()

    /** The topic of [operation] (`describe`, `description`, `get`, `data`, `rejected`). */
    public fun topic(operation: String): String =
        "\$aws/things/$thingName/streams/$streamId/$operation/${options.format.topicSuffix}"

    /**
     * DescribeStream: the stream's version, description and files.
     * @throws StreamRejectedException when AWS refuses (`ResourceNotFound` for an unknown stream…).
     * @throws OperationTimeoutException when no answer arrives within [StreamsClientOptions.requestTimeout].
     * @throws MalformedResponseException when the answer cannot be decoded.
     */
    public suspend fun describe(): StreamDescription {
        val token = newToken()
        return open("description").use { sub ->
            mqtt.publish(topic("describe"), codec.describeRequest(token), Qos.AT_LEAST_ONCE)
            withTimeoutOrNull(options.requestTimeout) {
                sub.messages.mapNotNull { message ->
                    if (message.topic == topic("rejected")) {
                        rejection(message, token)?.let { throw it }
                        null
                    } else {
                        decoded(message) { codec.description(it) }
                            .takeIf { it.clientToken == null || it.clientToken == token }
                    }
                }.first()
            } ?: throw OperationTimeoutException(
                "Stream $streamId: no DescribeStream answer within ${options.requestTimeout}; is the thing allowed " +
                    "to subscribe to ${topic("description")}?",
            )
        }
    }

    /**
     * GetStream: sends [request] and emits the blocks as they arrive, in the service's order. The flow completes when
     * every block the service will answer has arrived (at most [GetBlocksRequest.maxBlocksPerRequest], none past the
     * end of a [fileSize]-byte file), or, when [fileSize] is `null` and the count cannot be known, after
     * [StreamsClientOptions.blockTimeout] passes without a block. When no block comes for that long the request is sent
     * again, up to [StreamsClientOptions.maxAttempts] times in all.
     * @throws StreamRejectedException when AWS refuses the request.
     * @throws StreamDownloadException when no block arrives after [StreamsClientOptions.maxAttempts] requests.
     */
    @JvmOverloads
    public fun getBlocks(request: GetBlocksRequest, fileSize: Long? = null): Flow<StreamBlock> = flow {
        val total = fileSize?.let { ((it + request.blockSize - 1) / request.blockSize) }
        val expected = request.requestedIds().takeWhile { total == null || it < total }
            .take(request.maxBlocksPerRequest).toMutableSet()
        val bounded = total != null || request.blockIds != null || request.count != null
        open("data").use { sub ->
            mqtt.publish(topic("get"), codec.getRequest(request), Qos.AT_LEAST_ONCE)
            val channel = sub.messages
            var received = 0
            var attempts = 1
            var ended = false
            while (expected.isNotEmpty() && !ended) {
                val block = withTimeoutOrNull(options.blockTimeout) { nextBlock(channel, request) }
                if (block == null) {
                    ended = !bounded && received > 0
                    if (!ended) {
                        if (attempts >= options.maxAttempts) throw silent(attempts)
                        // AWS: "initiate retries when blocks are not received"
                        attempts++
                        mqtt.publish(topic("get"), codec.getRequest(request), Qos.AT_LEAST_ONCE)
                    }
                } else if (expected.remove(block.blockId) && block.fileId == request.fileId) {
                    received++
                    emit(block)
                }
            }
        }
    }

    /**
     * Downloads file [FileDownload.fileId] into [FileDownload.target] and emits its [DownloadProgress]; the last item
     * is [DownloadState.COMPLETED], after the [FileDownload.verifier] accepted the file. Collecting the flow runs
     * the download (cold); blocks go straight to disk, so memory stays bounded by one GetStream answer (128 KiB)
     * whatever the file size. It resumes from the sidecar ([FileDownload.sidecar]) a cancelled or killed download
     * left, and after a reconnect asks again for exactly the blocks it is missing.
     * @throws StreamRejectedException when AWS refuses a request.
     * @throws StreamDownloadException when blocks stop arriving or the file cannot be written (retryable: resumes).
     * @throws StreamVerificationException when the file fails its check (file and sidecar are deleted).
     */
    public fun download(download: FileDownload): Flow<DownloadProgress> = flow {
        DownloadSession(this@StreamsClient, download).run(this)
    }

    /** Runs [download] to the end and returns its last progress ([DownloadState.COMPLETED]); see [download]. */
    public suspend fun downloadTo(download: FileDownload): DownloadProgress = download(download).last()

    /** The Java view; callbacks run on [executor] (`null`: a thread of the view's own). */
    @JvmOverloads
    public fun asJava(executor: Executor? = null): StreamsClientJava = StreamsClientJava(this, executor)

    /** Nothing to release: each call holds its subscriptions only while it runs. Idempotent. */
    override fun close(): Unit = Unit

    override fun toString(): String = "StreamsClient($thingName, $streamId, ${options.format})"

    /** Subscribes (QoS 1) to `<answer>` and `rejected` and returns once the broker acknowledged both. */
    internal suspend fun open(answer: String): MqttSubscription = mqtt.openSubscription(
        Subscription(topic(answer), Qos.AT_LEAST_ONCE),
        Subscription(topic("rejected"), Qos.AT_LEAST_ONCE),
    )

    private fun silent(attempts: Int) = StreamDownloadException(
        "Stream $streamId: no block arrived within ${options.blockTimeout}, $attempts times",
        isRetryable = true,
    )

    internal fun newToken(): String =
        ByteArray(TOKEN_BYTES).also(random::nextBytes).joinToString("") { "%02x".format(it) }

    /** The typed rejection [message] carries when it answers [token] (or names none); `null` when it is another's. */
    internal fun rejection(message: MqttMessage, token: String?): StreamRejectedException? {
        val error = codec.error(message.payload)
        val answered = error?.c ?: error?.clientToken
        if (answered != null && answered != token) return null
        return StreamRejectedException(error?.o ?: error?.code, error?.m, answered, streamId)
    }

    internal inline fun <T> decoded(message: MqttMessage, decode: (ByteArray) -> T): T = try {
        decode(message.payload)
    } catch (e: IllegalArgumentException) {
        throw MalformedResponseException(message.topic, message.payload, DecodeFailures.describe(e))
    }

    private suspend fun nextBlock(messages: Flow<MqttMessage>, request: GetBlocksRequest): StreamBlock =
        messages.mapNotNull {
            if (it.topic == topic("rejected")) {
                rejection(it, request.clientToken)?.let { e -> throw e }
                null
            } else {
                decoded(it) { payload -> codec.block(payload) }
            }
        }.first()

    private companion object {
        private const val TOKEN_BYTES = 8
    }
}
