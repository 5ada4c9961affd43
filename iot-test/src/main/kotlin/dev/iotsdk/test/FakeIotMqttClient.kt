package dev.iotsdk.test

import dev.iotsdk.common.IotSdkException
import dev.iotsdk.core.Acknowledgement
import dev.iotsdk.core.ClientClosedException
import dev.iotsdk.core.ConnectionClosedException
import dev.iotsdk.core.ConnectionState
import dev.iotsdk.core.IncomingOverflow
import dev.iotsdk.core.InvalidTopicException
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.IotMqttClientConfig
import dev.iotsdk.core.IotMqttClientJava
import dev.iotsdk.core.LifecycleEvent
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.MqttSubscription
import dev.iotsdk.core.MqttVersion
import dev.iotsdk.core.NegotiatedSettings
import dev.iotsdk.core.OperationStatistics
import dev.iotsdk.core.PublishResult
import dev.iotsdk.core.Qos
import dev.iotsdk.core.SubscribeOutcome
import dev.iotsdk.core.Subscription
import dev.iotsdk.test.internal.FakeLifecycle
import dev.iotsdk.test.internal.FakeOperations
import dev.iotsdk.test.internal.FakePublishes
import dev.iotsdk.test.internal.FakeSubscriptions
import dev.iotsdk.test.internal.JavaViews
import dev.iotsdk.test.internal.TopicFilters
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.SharedFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asSharedFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.withTimeoutOrNull
import java.util.concurrent.Executor
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

/**
 * An [IotMqttClient] without a broker, for unit tests of code that uses one, as MockWebServer is for HTTP code. The test
 * drives the fake; the code under test sees a client:
 * - publishes are recorded ([published], [publishes], [awaitPublish]) and looped back to matching subscriptions;
 * - messages are injected with [deliver], to the subscriptions whose filters match (`+`, `#` and `$share/` as AWS IoT
 *   matches them);
 * - the lifecycle is driven: [connect] and [disconnect] (called by the code under test or the test),
 *   [simulateConnectionLost], [simulateReconnectFailure], [simulateReconnect] with or without a session,
 *   [failNextConnect]; [state] and [events] go through the same [ConnectionState]s and [LifecycleEvent]s, in the same
 *   order and with the same attempt numbers, as the real client's (a test on the emulator compares them);
 * - subscriptions are observable ([subscriptions], [subscribeRequests], [unsubscribeRequests]) and awaitable
 *   ([awaitSubscribed], [awaitUnsubscribed]); overlapping subscription flows share one SUBSCRIBE, as in the real client;
 * - failures are injected: [failPublishes], [failSubscriptions], [failNextConnect], slow SUBACKs with [subscribeDelay].
 *
 * Like the real client, operations wait while there is no connection (an offline queue without a bound) and fail after
 * [IotMqttClientConfig.operationTimeout]; [disconnect] fails them with `ConnectionLostException`. Not emulated: the
 * network, QoS 1 redelivery, retained messages, the offline queue's size policies, flow control, AWS IoT's policies and
 * limits (only topic syntax is checked): use the emulator (`IotEmulatorExtension`) for those. Every function may be
 * called from any thread; the driving functions never suspend or block. (The samples' heater is tested this way.)
 * ```kotlin
 * val fake = FakeIotMqttClient("heater-1")
 * fake.connect()
 * backgroundScope.launch { HeaterController(fake, "heater-1") { 19.0 }.run() }   // the code under test
 * fake.awaitSubscribed("devices/heater-1/commands/+")
 * fake.deliver("devices/heater-1/commands/target", "21.5")
 * fake.awaitPublish("devices/heater-1/state") { "21.5" in it.payloadAsString() }
 * ```
 * ```java
 * FakeIotMqttClient fake = new FakeIotMqttClient("heater-1");
 * fake.asJava().connect().join();
 * new HeaterControllerJava(fake.asJava(), "heater-1", Duration.ofSeconds(5), () -> 19.0).start().join();
 * fake.deliver("devices/heater-1/commands/target", "21.5");
 * MqttMessage state = fake.blocking().awaitPublish("devices/heater-1/state", Duration.ofSeconds(5),
 *     m -> m.payloadAsString().contains("21.5"));
 * ```
 */
public class FakeIotMqttClient @JvmOverloads constructor(
    /** The configuration the code under test sees (endpoint `fake.iot.local`, client id `fake-client` by default). */
    override val config: IotMqttClientConfig = FakeOperations.defaultConfig("fake-client"),
) : IotMqttClient {
    /** A fake whose [config] has [clientId] (e.g. the thing name the code under test derives its topics from). */
    public constructor(clientId: String) : this(FakeOperations.defaultConfig(clientId))

    private val lifecycle = FakeLifecycle(config)
    private val subs = FakeSubscriptions()
    private val pubs = FakePublishes()
    private val ops = FakeOperations(config, lifecycle, subs)

    override val state: StateFlow<ConnectionState> get() = lifecycle.state.asStateFlow()
    override val events: SharedFlow<LifecycleEvent> get() = lifecycle.events.asSharedFlow()
    override val messages: Flow<MqttMessage> get() = subs.all.asSharedFlow()

    /** The messages published since the fake was made (or since [clearPublished]), in order; a snapshot. */
    public val published: List<MqttMessage> get() = pubs.snapshot()

    /** A cold flow of the publishes: those already [published], then each new one as the client publishes it. */
    public val publishes: Flow<MqttMessage> get() = pubs.flow()

    /** The filters the broker holds for the client now (accepted and not unsubscribed). */
    public val subscriptions: StateFlow<Set<String>> get() = subs.held.asStateFlow()

    /** Every SUBSCRIBE sent, as its subscriptions, in order (restores after a reconnect without a session included). */
    public val subscribeRequests: List<List<Subscription>> get() = subs.subscribeRequests()

    /** Every UNSUBSCRIBE sent, as its filters, in order. */
    public val unsubscribeRequests: List<List<String>> get() = subs.unsubscribeRequests()

    /** How long the broker takes to answer each SUBSCRIBE (virtual time under `runTest`); zero by default. */
    @Volatile
    public var subscribeDelay: Duration = Duration.ZERO

    /** The blocking form of the awaiting functions, for Java and for tests that do not run in a coroutine. */
    @get:JvmName("blocking")
    public val blocking: FakeIotMqttClientBlocking by lazy { FakeIotMqttClientBlocking(this) }

    /**
     * Delivers [message] as the broker would: to every subscription whose filter matches, and to [messages]. Returns
     * `false`, delivering nothing, when the client is not connected or no subscription matches.
     */
    public fun deliver(message: MqttMessage): Boolean = lifecycle.isConnected && subs.deliver(message, own = false)

    /** Delivers a UTF-8 text message on [topic]; see [deliver]. */
    @JvmOverloads
    public fun deliver(topic: String, text: String, qos: Qos = Qos.AT_LEAST_ONCE): Boolean =
        deliver(MqttMessage.text(topic, text, qos))

    /**
     * The connection drops ([LifecycleEvent.Disconnection], then [ConnectionState.WaitingToReconnect]); operations wait
     * until [simulateReconnect]. [reasonCode] is the server's DISCONNECT reason, if it sent one.
     *
     * @throws IllegalStateException when the fake is not connected.
     */
    @JvmOverloads
    public fun simulateConnectionLost(
        cause: IotSdkException = ConnectionClosedException("connection lost (simulated)"),
        reasonCode: Int? = null,
    ) {
        lifecycle.lose(cause, reasonCode)
    }

    /**
     * A reconnect attempt after [simulateConnectionLost] fails with [cause] ([LifecycleEvent.AttemptingConnect], then
     * [LifecycleEvent.ConnectionFailure] and [ConnectionState.WaitingToReconnect]); the client keeps trying.
     *
     * @throws IllegalStateException when the fake is not waiting to reconnect.
     */
    public fun simulateReconnectFailure(cause: IotSdkException) {
        lifecycle.failReconnect(cause)
    }

    /**
     * The client reconnects after [simulateConnectionLost]. Without [sessionPresent] the broker forgot the
     * subscriptions and the client restores them at once (new SUBSCRIBEs in [subscribeRequests]); then waiting
     * operations go ahead.
     *
     * @throws IllegalStateException when the fake is not waiting to reconnect.
     */
    public fun simulateReconnect(sessionPresent: Boolean) {
        lifecycle.reconnect(sessionPresent)
        if (!sessionPresent) subs.restore(ops.batch)
    }

    /** The next [connect] fails with [error], as a connect the real client does not retry (the client stops). */
    public fun failNextConnect(error: IotSdkException) {
        lifecycle.failNextConnect(error)
    }

    /**
     * The next [times] publishes to topics matching [topicFilter] (`null`: any topic) throw [error] (e.g. a
     * `PublishRejectedException`) and are not recorded. Rules apply in the order they were added.
     */
    @JvmOverloads
    public fun failPublishes(error: Throwable, topicFilter: String? = null, times: Int = Int.MAX_VALUE) {
        pubs.fail(error, topicFilter, times)
    }

    /** The broker refuses SUBSCRIBEs of exactly [filter] with [reasonCode] (default 0x87, not authorized). */
    @JvmOverloads
    public fun failSubscriptions(filter: String, reasonCode: Int = NOT_AUTHORIZED) {
        subs.refuse(filter, reasonCode)
    }

    /** Forgets the failures set with [failPublishes] and [failSubscriptions]. */
    public fun clearFailures() {
        pubs.clearFailures()
        subs.clearRefusals()
    }

    /**
     * Calls [listener] with each publish to a topic matching [topicFilter]; close the result to stop. Filters match as
     * subscriptions do: `#` and `+` in the first level do not reach `$aws/…` topics; name them (`$aws/things/#`).
     */
    public fun onPublish(topicFilter: String, listener: PublishListener): AutoCloseable =
        pubs.listen(topicFilter, listener)

    /** Forgets the publishes recorded so far ([published], [publishes] and [awaitPublish] start from here). */
    public fun clearPublished() {
        pubs.clear()
    }

    /**
     * Returns the first publish (recorded since [clearPublished]) to a topic matching [topicFilter] (`null`: any topic)
     * for which [predicate] holds, waiting up to [timeout] for it.
     *
     * @throws AssertionError when none comes in time.
     */
    public suspend fun awaitPublish(
        topicFilter: String? = null,
        timeout: Duration = DEFAULT_TIMEOUT,
        predicate: (MqttMessage) -> Boolean = { true },
    ): MqttMessage = withTimeoutOrNull(timeout) {
        publishes.first { (topicFilter == null || TopicFilters.matches(topicFilter, it.topic)) && predicate(it) }
    } ?: throw AssertionError(
        "no publish matching '${topicFilter ?: "any topic"}' within $timeout; published: ${published.map { it.topic }}",
    )

    /** Waits up to [timeout] until the broker holds [filter]; throws [AssertionError] if it does not. */
    public suspend fun awaitSubscribed(filter: String, timeout: Duration = DEFAULT_TIMEOUT) {
        withTimeoutOrNull(timeout) { subscriptions.first { filter in it } }
            ?: throw AssertionError("'$filter' not subscribed within $timeout; subscribed: ${subscriptions.value}")
    }

    /** Waits up to [timeout] for an UNSUBSCRIBE of [filter] (one sent before the call counts). */
    public suspend fun awaitUnsubscribed(filter: String, timeout: Duration = DEFAULT_TIMEOUT) {
        withTimeoutOrNull(timeout) { subs.unsubscribeCount.first { unsubscribeRequests.any { filter in it } } }
            ?: throw AssertionError("no UNSUBSCRIBE of '$filter' within $timeout; sent: $unsubscribeRequests")
    }

    override suspend fun connect(): NegotiatedSettings {
        // reconnecting already: like the real client, wait for it (the test's simulateReconnect)
        if (state.value is ConnectionState.WaitingToReconnect) lifecycle.awaitConnected()
        val wasConnected = lifecycle.isConnected
        val settings = lifecycle.connect()
        if (!wasConnected) subs.restore(ops.batch)
        return settings
    }

    override suspend fun disconnect() {
        lifecycle.disconnect()
    }

    override suspend fun publish(message: MqttMessage): PublishResult {
        ensureOpen()
        TopicFilters.checkTopicName(message.topic)
        if (message.topic.startsWith("$") && message.retain && config.awsIotLimits) {
            throw InvalidTopicException("AWS IoT does not allow retained messages on reserved topic '${message.topic}'")
        }
        ops.awaitConnection("publish to '${message.topic}'", message.payload.size)
        pubs.failureFor(message.topic)?.let { throw it }
        pubs.record(message)
        subs.deliver(message, own = true)
        pubs.notifyListeners(message)
        val acknowledged = message.qos == Qos.AT_LEAST_ONCE && config.mqttVersion == MqttVersion.MQTT_5
        return PublishResult(message.qos, if (acknowledged) 0 else null)
    }

    override fun subscribe(vararg subscriptions: Subscription): Flow<MqttMessage> {
        ensureOpen()
        val list = subscriptions.toList()
        require(list.isNotEmpty()) { "subscribe needs at least one subscription" }
        list.forEach { TopicFilters.checkTopicFilter(it.filter) }
        return ops.flowOf(list) { subscribeDelay }
    }

    /**
     * Opens a subscription on the fake broker. [overflow] and [acknowledgement] are accepted and not modelled: the
     * fake buffers without limit and has no PUBACKs, so `MqttMessage.acknowledge()` on its messages returns false.
     */
    override suspend fun openSubscription(
        vararg subscriptions: Subscription,
        overflow: IncomingOverflow,
        acknowledgement: Acknowledgement,
    ): MqttSubscription {
        ensureOpen()
        val list = subscriptions.toList()
        require(list.isNotEmpty()) { "subscribe needs at least one subscription" }
        list.forEach { TopicFilters.checkTopicFilter(it.filter) }
        return ops.open(list) { subscribeDelay }
    }

    override suspend fun subscribeAll(subscriptions: List<Subscription>): List<SubscribeOutcome> {
        ensureOpen()
        subscriptions.forEach { TopicFilters.checkTopicFilter(it.filter) }
        return ops.subscribe(subscriptions, explicit = true, bounded = true, subscribeDelay)
    }

    override suspend fun unsubscribe(filters: List<String>) {
        ensureOpen()
        filters.forEach { TopicFilters.checkTopicFilter(it) }
        val gone = subs.releaseExplicit(filters)
        if (gone.isEmpty()) return
        ops.awaitConnection("unsubscribe", 0)
        subs.unsubscribe(gone)
    }

    /** The operations waiting for a connection (the fake has nothing in flight). */
    override fun statistics(): OperationStatistics = ops.statistics()

    override fun asJava(executor: Executor?): IotMqttClientJava = JavaViews.of(this, executor)

    /**
     * Closes the fake: [ConnectionState.Closed], and waiting operations fail with `ClientClosedException`. As with the
     * real client, subscription flows already delivering end when their collectors stop.
     */
    override fun close() {
        lifecycle.close()
    }

    override fun toString(): String = "FakeIotMqttClient(${config.clientId}, ${state.value})"

    private fun ensureOpen() {
        if (lifecycle.isClosed) throw ClientClosedException()
    }

    private companion object {
        private const val NOT_AUTHORIZED = 0x87
        private val DEFAULT_TIMEOUT = 10.seconds
    }
}
