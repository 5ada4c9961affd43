package dev.iotsdk.core

import dev.iotsdk.core.internal.DefaultIotMqttClient
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.SharedFlow
import kotlinx.coroutines.flow.StateFlow
import java.util.concurrent.Executor

/**
 * A coroutine MQTT 3.1.1/5 client for AWS IoT.
 *
 * The client owns its reconnects (exponential backoff with jitter), its bounded offline queue and its
 * subscriptions, which it restores after a reconnect without a session before queued operations are sent.
 * It owns one [kotlinx.coroutines.CoroutineScope]; [close] cancels it and releases every socket and thread.
 *
 * ```kotlin
 * val client = IotMqttClient {
 *     endpoint = "a1b2c3-ats.iot.us-east-1.amazonaws.com"
 *     connectionType = ConnectionType.MutualTls(TlsIdentity.fromPemFiles(cert, key))
 *     clientId = "sensor-1"
 * }
 * client.connect()
 * val commands = client.openSubscription("commands/sensor-1") // returns after the SUBACK
 * launch { commands.messages.collect { println(it.payloadAsString()) } }
 * client.publish(MqttMessage.text("telemetry/sensor-1", """{"t":21.5}"""))
 * client.close()
 * ```
 *
 * ```java
 * IotMqttClientJava client = IotMqttClient.create(config).asJava();
 * client.connect().join();
 * MqttSubscription sub = client.openSubscription("commands/sensor-1", Qos.AT_LEAST_ONCE,
 *         msg -> System.out.println(msg.payloadAsString()), null).join(); // completes on the SUBACK
 * client.publish(MqttMessage.text("telemetry/sensor-1", "{}")).join();
 * ```
 *
 * Threading: every function may be called from any thread; suspend functions never block the caller's thread.
 * Cancellation: cancelling a suspended [publish] stops waiting for its acknowledgement but cannot unsend a message
 * already written to the network.
 */
public interface IotMqttClient : AutoCloseable {
    /** The configuration this client was built with. */
    public val config: IotMqttClientConfig

    /** The current connection state. */
    public val state: StateFlow<ConnectionState>

    /** Lifecycle events (hot; collect before [connect] to see every one). */
    public val events: SharedFlow<LifecycleEvent>

    /**
     * Every message that arrives, whichever subscription asked for it (hot: collectors see what arrives while they
     * collect). Collecting it subscribes to nothing.
     */
    public val messages: Flow<MqttMessage>

    /**
     * Connects, retrying retryable failures by the [ReconnectPolicy], and returns once connected. After that the client
     * stays connected (reconnecting as needed) until [disconnect] or [close].
     *
     * @throws ConnectFailedException when the failure is not retryable (certificate, credentials) or the policy's
     * attempts run out; [ConnectionRefusedException] when the broker refused with a CONNACK reason.
     */
    public suspend fun connect(): NegotiatedSettings

    /** Sends DISCONNECT, stops reconnecting, and fails queued operations with [ConnectionLostException]. */
    public suspend fun disconnect()

    /**
     * Publishes [message]. QoS 1 returns after the PUBACK; QoS 0 after the message is written. While disconnected the
     * message waits in the offline queue; while connected, a publish beyond the in-flight window waits for room (it
     * suspends) rather than failing ([OfflineQueuePolicy.boundWhileConnected] makes it drop instead).
     *
     * @throws InvalidTopicException, PayloadTooLargeException before anything is sent;
     * [PublishRejectedException] for a PUBACK failure; [OfflineQueueFullException], [ConnectionLostException],
     * [OperationTimeoutException] as the queue policy and deadline decide.
     */
    public suspend fun publish(message: MqttMessage): PublishResult

    /** Publishes [payload] to [topic]; see [publish]. */
    public suspend fun publish(
        topic: String,
        payload: ByteArray,
        qos: Qos = Qos.AT_LEAST_ONCE,
        retain: Boolean = false,
    ): PublishResult = publish(MqttMessage(topic, payload, qos, retain))

    /**
     * Subscribes to [subscriptions] and returns once the broker acknowledged them (SUBACK): every matching message that
     * arrives from then on is buffered in the result's [MqttSubscription.messages] until collected. Close the result to
     * unsubscribe. A slow collector affects only its own subscription, as [overflow] says (see [IncomingOverflow] for
     * the table of overflow behaviours). With [acknowledgement] [Acknowledgement.MANUAL], each QoS 1 message is
     * acknowledged to the broker only when you call [MqttMessage.acknowledge] after processing it.
     *
     * ```kotlin
     * client.openSubscription(Subscription("commands/+")).use { sub ->
     *     sub.messages.collect { handle(it) }
     * }
     * ```
     *
     * @throws SubscribeRejectedException when the broker refuses a filter; [InvalidTopicException] for a bad filter.
     * Cancellation: cancelling the call stops waiting and releases the subscription.
     */
    public suspend fun openSubscription(
        vararg subscriptions: Subscription,
        overflow: IncomingOverflow = IncomingOverflow.DROP_QOS0,
        acknowledgement: Acknowledgement = Acknowledgement.AUTOMATIC,
    ): MqttSubscription

    /** Subscribes to [filter] and returns after the SUBACK; see [openSubscription]. */
    public suspend fun openSubscription(
        filter: String,
        qos: Qos = Qos.AT_LEAST_ONCE,
        overflow: IncomingOverflow = IncomingOverflow.DROP_QOS0,
        acknowledgement: Acknowledgement = Acknowledgement.AUTOMATIC,
    ): MqttSubscription =
        openSubscription(Subscription(filter, qos), overflow = overflow, acknowledgement = acknowledgement)

    /**
     * A cold flow of the messages matching [subscriptions]; it gives no signal of the SUBACK, so a message published
     * right after collection starts may be missed: use [openSubscription] when that matters. The first collector of a filter sends SUBSCRIBE (and the
     * flow fails with [SubscribeRejectedException] if the broker refuses it); overlapping collectors share it;
     * UNSUBSCRIBE is sent when the last one stops. The subscription survives reconnects.
     */
    public fun subscribe(vararg subscriptions: Subscription): Flow<MqttMessage>

    /** A cold flow of the messages on [filter]; see [subscribe]. */
    public fun subscribe(filter: String, qos: Qos = Qos.AT_LEAST_ONCE): Flow<MqttMessage> =
        subscribe(Subscription(filter, qos))

    /**
     * Sends SUBSCRIBE for [subscriptions] (batched by 8 for AWS IoT) and returns every filter's outcome. The
     * subscriptions stay until [unsubscribe]; their messages go to [messages]. They are restored after reconnects.
     */
    public suspend fun subscribeAll(subscriptions: List<Subscription>): List<SubscribeOutcome>

    /** Sends UNSUBSCRIBE for [filters] subscribed with [subscribeAll]. */
    public suspend fun unsubscribe(filters: List<String>)

    /** A snapshot of the operation counters. */
    public fun statistics(): OperationStatistics

    /**
     * The Java view of this client: `CompletableFuture`s, and callbacks on [executor] (`null`: daemon threads of the
     * view's own, one per subscription calling back at once, shut down when the view closes).
     */
    public fun asJava(executor: Executor?): IotMqttClientJava

    /** The Java view of this client, with callbacks on daemon threads of its own; see [asJava]. */
    public fun asJava(): IotMqttClientJava = asJava(null)

    /**
     * Closes the client and releases its resources. What it ends, the same way every time:
     * - every message flow ([subscribe], [MqttSubscription.messages], [messages]) completes normally, whether its
     *   SUBSCRIBE was acknowledged or still pending, so a collector in `runBlocking` just returns;
     * - every suspended call ([connect], [publish], [openSubscription], [subscribeAll], [unsubscribe]) fails with
     *   [ClientClosedException], and so does any later call;
     * - [state] becomes [ConnectionState.Closed]; [state] and [events] are hot flows that never complete (cancel
     *   their collectors, or stop at [ConnectionState.Closed]).
     *
     * ```kotlin
     * runBlocking {
     *     val job = launch { client.subscribe("commands/#").collect { println(it) } }
     *     client.close()
     *     job.join() // ends normally
     * }
     * ```
     */
    override fun close()

    /** Factories. */
    public companion object {
        /** A client for [config]; it does not connect until [connect]. */
        @JvmStatic
        public fun create(config: IotMqttClientConfig): IotMqttClient = DefaultIotMqttClient(config)

        /** A client configured with the Kotlin DSL. */
        public operator fun invoke(block: IotMqttClientConfig.Builder.() -> Unit): IotMqttClient =
            create(IotMqttClientConfig(block))
    }
}
