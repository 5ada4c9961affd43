@file:OptIn(InternalIotSdkApi::class)

package dev.iotsdk.core

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.IotSdkException
import dev.iotsdk.common.java.JavaView
import dev.iotsdk.core.internal.DefaultIotMqttClient
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.launch
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executor
import java.util.function.Consumer

/**
 * The Java view of an [IotMqttClient] (from [IotMqttClient.asJava]): every operation returns a [CompletableFuture],
 * every stream takes [Consumer] callbacks and returns an [AutoCloseable] that stops it.
 *
 * ```java
 * IotMqttClientJava client = IotMqttClient.create(config).asJava();
 * client.connect().join();
 * AutoCloseable sub = client.subscribe("commands/sensor-1", Qos.AT_LEAST_ONCE,
 *         msg -> System.out.println(msg.payloadAsString()),
 *         error -> error.printStackTrace());
 * client.publish("telemetry/sensor-1", "{}".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE, false).join();
 * sub.close();
 * client.close();
 * ```
 *
 * Futures fail with the SDK's exceptions: `join()` throws a `CompletionException` (`get()` an `ExecutionException`)
 * whose cause is, for example, a [PublishRejectedException]. They complete on an SDK thread; pass your executor to
 * the `…Async` stages to run dependent work elsewhere. Cancelling a future cancels the operation as cancelling the
 * Kotlin coroutine would.
 *
 * Callbacks run on the executor given to [IotMqttClient.asJava], in order, one at a time per subscription or
 * listener. Without one, callbacks run on daemon threads of the view's own named `iotsdk-callbacks-<n>`, one per
 * subscription calling back at once (a callback that blocks holds up only its own subscription), shut down when the
 * view closes; an executor you give is never shut down by the view (with a single-thread executor, one slow callback
 * holds up every subscription). A callback that throws is reported to the subscription's `onError` (or the thread's
 * uncaught-exception handler) and delivery continues.
 *
 * [close] closes the underlying client and the view: pending futures complete with
 * [java.util.concurrent.CancellationException], callbacks stop, and calls made afterwards return futures that are
 * already cancelled. Closing the Kotlin client closes the view too.
 */
public class IotMqttClientJava internal constructor(private val client: IotMqttClient, executor: Executor?) :
    AutoCloseable {
    // a future failing because the client closed is cancelled, as closing the view does (close() closes the client
    // first, and its failures can reach a future before the view is closed)
    private val view = JavaView("iotsdk-java-view", executor, ownerClosed = { it is ClientClosedException })

    init {
        // closing the Kotlin client closes the view
        if (client is DefaultIotMqttClient) {
            client.invokeOnClose { view.close() }
        } else {
            view.scope.launch {
                client.state.first { it is ConnectionState.Closed }
                view.close()
            }
        }
    }

    /** The configuration of the client. */
    public val config: IotMqttClientConfig get() = client.config

    /** The current connection state. */
    public val state: ConnectionState get() = client.state.value

    /** A snapshot of the client's operation counters. */
    public val statistics: OperationStatistics get() = client.statistics()

    /** The Kotlin client this is a view of. */
    public fun asKotlin(): IotMqttClient = client

    /** Connects; see [IotMqttClient.connect]. The future fails with [ConnectFailedException] and its subtypes. */
    public fun connect(): CompletableFuture<NegotiatedSettings> = view.future { client.connect() }

    /** Disconnects; see [IotMqttClient.disconnect]. */
    public fun disconnect(): CompletableFuture<Void?> = view.future {
        client.disconnect()
        null
    }

    /** Publishes [message]; see [IotMqttClient.publish] for the exceptions the future fails with. */
    public fun publish(message: MqttMessage): CompletableFuture<PublishResult> = publishing(message)

    /** Publishes [payload] to [topic]; see [IotMqttClient.publish]. */
    @JvmOverloads
    public fun publish(
        topic: String,
        payload: ByteArray,
        qos: Qos = Qos.AT_LEAST_ONCE,
        retain: Boolean = false,
    ): CompletableFuture<PublishResult> = publishing(MqttMessage(topic, payload, qos, retain))

    /**
     * The hot path: checks and the send run on the caller's thread (no dispatch to start), the future completes on an
     * SDK thread once the acknowledgement arrived. On the client's fast path (connected, nothing queued, a window
     * slot free) that takes no coroutine: the acknowledgement's callback hands the outcome to the view.
     */
    private fun publishing(message: MqttMessage): CompletableFuture<PublishResult> {
        if (client is DefaultIotMqttClient && !view.isClosed) {
            val result = CompletableFuture<PublishResult>()
            val sent = try {
                client.publishDirect(message) { value, error -> view.completeLater(result, value, error) }
            } catch (_: IotSdkException) {
                // bad input or a closed client: the coroutine below fails the future with the same exception
                false
            }
            if (sent) return result
        }
        return view.future(CoroutineStart.UNDISPATCHED) { client.publish(message) }
    }

    /** Sends SUBSCRIBE for [subscriptions]; see [IotMqttClient.subscribeAll]. Messages go to [onMessage] listeners. */
    public fun subscribeAll(subscriptions: List<Subscription>): CompletableFuture<List<SubscribeOutcome>> =
        view.future { client.subscribeAll(subscriptions) }

    /** Sends UNSUBSCRIBE for [filters]; see [IotMqttClient.unsubscribe]. */
    public fun unsubscribe(filters: List<String>): CompletableFuture<Void?> = view.future {
        client.unsubscribe(filters)
        null
    }

    /**
     * Subscribes to [filter] and hands its messages to [onMessage]; [onError] receives a
     * [SubscribeRejectedException] (after which the subscription is over) and exceptions thrown by [onMessage].
     * Closing the result unsubscribes (when no other subscription of this client uses the filter).
     */
    public fun subscribe(
        filter: String,
        qos: Qos,
        onMessage: Consumer<MqttMessage>,
        onError: Consumer<Throwable>?,
    ): AutoCloseable = view.collect(client.subscribe(filter, qos), onMessage, onError)

    /**
     * Subscribes to [filter]; the future completes with the subscription once the broker acknowledged it (SUBACK), and
     * every message that arrives from then on goes to [onMessage] in order. [onError] receives exceptions thrown by
     * [onMessage] and a refusal on restore. Closing the result unsubscribes. With [Acknowledgement.MANUAL], call
     * `msg.acknowledge()` once [onMessage] has processed a QoS 1 message. See [IotMqttClient.openSubscription].
     *
     * ```java
     * MqttSubscription sub = client.openSubscription("commands/sensor-1", Qos.AT_LEAST_ONCE, msg -> handle(msg), null)
     *         .join();
     * ```
     */
    @JvmOverloads
    public fun openSubscription(
        filter: String,
        qos: Qos,
        onMessage: Consumer<MqttMessage>,
        onError: Consumer<Throwable>?,
        overflow: IncomingOverflow = IncomingOverflow.DROP_QOS0,
        acknowledgement: Acknowledgement = Acknowledgement.AUTOMATIC,
    ): CompletableFuture<MqttSubscription> = view.future(start = CoroutineStart.UNDISPATCHED) {
        // registered before this returns: called before connect(), it receives a persistent session's kept messages
        val sub = client.openSubscription(filter, qos, overflow, acknowledgement)
        val collecting = view.collect(sub.messages, onMessage, onError)
        JavaSubscription(sub, collecting)
    }

    /** Subscribes to [filter] with [qos]; errors go to the callback thread's uncaught-exception handler. */
    public fun subscribe(filter: String, qos: Qos, onMessage: Consumer<MqttMessage>): AutoCloseable =
        subscribe(filter, qos, onMessage, null)

    /** Subscribes to [filter] with QoS 1; errors go to the callback thread's uncaught-exception handler. */
    public fun subscribe(filter: String, onMessage: Consumer<MqttMessage>): AutoCloseable =
        subscribe(filter, Qos.AT_LEAST_ONCE, onMessage, null)

    /** Hands every incoming message, whichever subscription asked for it, to [listener] until the result is closed. */
    public fun onMessage(listener: Consumer<MqttMessage>): AutoCloseable = view.collect(client.messages, listener, null)

    /** Hands every lifecycle event to [listener] until the result is closed; add it before [connect] to see all. */
    public fun addLifecycleListener(listener: Consumer<LifecycleEvent>): AutoCloseable =
        view.collect(client.events, listener, null)

    /** Closes the client (see [IotMqttClient.close]) and this view. Idempotent. */
    override fun close() {
        try {
            client.close()
        } finally {
            view.close()
        }
    }

    override fun toString(): String = "IotMqttClientJava(${client.config.clientId})"
}
