package dev.iotsdk.core.internal.requestresponse

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.core.ClientClosedException
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.MalformedResponseException
import dev.iotsdk.core.OperationTimeoutException
import dev.iotsdk.core.RequestRejectedException
import dev.iotsdk.core.internal.requestresponse.RequestResponseEngine
import kotlinx.coroutines.flow.SharedFlow
import java.util.UUID
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext

/**
 * The request/response engine AWS IoT's MQTT services (shadow, jobs, fleet provisioning) are built on, modelled on
 * the AWS v2 SDKs' request-response client. **For iotsdk's own service modules** ([InternalIotSdkApi]): service
 * clients hold topics, models and ergonomics; correlation, subscriptions and deadlines live here once.
 *
 * - **Correlation**: each [RequestOperation] carries a UUID token ([newClientToken]) that the caller writes into the
 *   payload as `clientToken`; the response on the accepted or rejected topic is matched by that token. Responses
 *   whose token matches nothing waiting, or that have none, are ignored and counted ([statistics]).
 * - **Operations without a token** (fleet provisioning) are matched by topic, so they run one at a time per
 *   accepted/rejected topic pair (a mutex each); waiting for that mutex counts against the deadline.
 * - **Subscriptions**: the response filters are subscribed once and shared by every operation and stream that needs
 *   them, reference-counted, and unsubscribed [RequestResponseOptions.subscriptionLinger] after the last one is done.
 *   A request is published only after its response subscriptions' SUBACK.
 * - **Deadline**: from submission, covering the mutex, the SUBSCRIBE, the publish and the response; it fails with
 *   [OperationTimeoutException].
 * - **Rejections** become a [RequestRejectedException], passed through the operation's or the options'
 *   [RejectionMapper] so the service module throws its own type.
 * - **Malformed responses** (not UTF-8 JSON) fail the waiting operation when they can be attributed to one (an
 *   operation without a token, or the only operation waiting on that topic) with [MalformedResponseException];
 *   otherwise they are reported on [errors] and everything keeps going.
 *
 * ```kotlin
 * val rr = RequestResponseClient(mqtt)
 * val token = RequestResponseClient.newClientToken()
 * val response = rr.request(
 *     RequestOperation(
 *         requestTopic = "\$aws/things/t1/shadow/get",
 *         payload = """{"clientToken":"$token"}""".encodeToByteArray(),
 *         subscriptions = listOf("\$aws/things/t1/shadow/get/+"),
 *         accepted = ResponsePath("\$aws/things/t1/shadow/get/accepted"),
 *         rejected = ResponsePath("\$aws/things/t1/shadow/get/rejected"),
 *         correlationToken = token,
 *     ),
 * )
 * ```
 *
 * Threading: safe from any thread; [request] suspends without blocking. Cancellation: cancelling [request] stops
 * waiting and releases its subscriptions; a request already published cannot be recalled. The engine's coroutines run
 * in a scope made from `context` (default: [kotlinx.coroutines.Dispatchers.Default]) with its own
 * [kotlinx.coroutines.SupervisorJob]; [close] cancels it. Closing does not close [client].
 */
@InternalIotSdkApi
public class RequestResponseClient @JvmOverloads constructor(
    /** The MQTT connection requests go through. */
    public val client: IotMqttClient,
    /** The settings. */
    public val options: RequestResponseOptions = RequestResponseOptions(),
    context: CoroutineContext = EmptyCoroutineContext,
) : AutoCloseable {
    private val engine = RequestResponseEngine(client, options, context)

    /**
     * Responses that were malformed and could not be attributed to an operation, and failed UNSUBSCRIBEs. Hot, not
     * replayed; a slow collector loses the oldest.
     */
    public val errors: SharedFlow<Throwable> get() = engine.errors

    /**
     * Publishes [operation]'s request and returns its accepted response.
     *
     * @throws RequestRejectedException (or what the [RejectionMapper] makes of it) when the rejected response arrives;
     * [OperationTimeoutException] when no response arrives by the deadline; [MalformedResponseException] when an
     * attributable response is not JSON; [dev.iotsdk.core.SubscribeRejectedException] when the broker refuses the
     * response subscriptions; the publish's own exceptions; [ClientClosedException] after [close];
     * [IllegalArgumentException] when an operation with the same token is already pending.
     */
    public suspend fun request(operation: RequestOperation): ResponseMessage = engine.request(operation)

    /** Like [request], then decodes the accepted response with [decode] (its exceptions are thrown as they are). */
    public suspend fun <R> request(operation: RequestOperation, decode: (ResponseMessage) -> R): R =
        decode(engine.request(operation))

    /**
     * A stream of the messages on [filter] (for example `$aws/things/t1/shadow/update/delta`), subscribed at once and
     * shared with requests on the same filter. Its status follows the connection: lost on a disconnect, subscribed
     * again on reconnect, with [SubscriptionEvent.Resubscribed] when the session was not resumed.
     *
     * @throws ClientClosedException after [close].
     */
    public fun streamingOperation(filter: String): StreamingOperation = engine.streamingOperation(filter)

    /** A snapshot of the counters. */
    public fun statistics(): RequestResponseStatistics = engine.statistics()

    /**
     * Fails waiting operations with [ClientClosedException], ends every stream and cancels the engine's coroutines.
     * Response subscriptions are not unsubscribed (they go when the MQTT client closes). Idempotent.
     */
    override fun close(): Unit = engine.close()

    /** Helpers. */
    public companion object {
        /** A new random (UUID) correlation token, to write into a request payload as `clientToken`. */
        @JvmStatic
        public fun newClientToken(): String = UUID.randomUUID().toString()
    }
}
