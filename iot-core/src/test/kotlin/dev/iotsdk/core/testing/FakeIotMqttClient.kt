package dev.iotsdk.core.testing

import dev.iotsdk.core.Acknowledgement
import dev.iotsdk.core.ConnectionClosedException
import dev.iotsdk.core.ConnectionLostException
import dev.iotsdk.core.ConnectionState
import dev.iotsdk.core.ConnectionType
import dev.iotsdk.core.IncomingOverflow
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
import dev.iotsdk.core.SubscribeRejectedException
import dev.iotsdk.core.Subscription
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.cancel
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.MutableSharedFlow
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.SharedFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.filter
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.receiveAsFlow
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeoutOrNull
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.Executor
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration

/**
 * An in-memory [IotMqttClient] with a tiny broker inside: `+`/`#` topic matching, SUBSCRIBE/UNSUBSCRIBE bookkeeping,
 * a publish loop-back to matching subscriptions, and switches for the service side ([responder]), SUBACK failures
 * ([rejectFilters]), slow SUBACKs ([subscribeDelay]) and publish failures ([publishError]).
 */
class FakeIotMqttClient : IotMqttClient {
    override val config: IotMqttClientConfig = IotMqttClientConfig {
        endpoint = "fake.local"
        connectionType = ConnectionType.Tcp()
        clientId = "fake-client"
    }

    val stateFlow = MutableStateFlow<ConnectionState>(ConnectionState.Disconnected)
    override val state: StateFlow<ConnectionState> get() = stateFlow
    private val eventFlow = MutableSharedFlow<LifecycleEvent>(extraBufferCapacity = 256)
    override val events: SharedFlow<LifecycleEvent> get() = eventFlow
    private val incoming = MutableSharedFlow<MqttMessage>(extraBufferCapacity = 100_000)
    override val messages: Flow<MqttMessage> get() = incoming

    /** Filters the broker holds for this client. */
    val subscriptions: MutableSet<String> = ConcurrentHashMap.newKeySet()

    /** SUBSCRIBE packets sent. */
    val subscribeCount = AtomicInteger()

    /** Every filter in every SUBSCRIBE, in order. */
    val subscribeLog = CopyOnWriteArrayList<String>()

    /** Every filter in every UNSUBSCRIBE, in order. */
    val unsubscribeLog = CopyOnWriteArrayList<String>()
    private val unsubscribed = MutableStateFlow<List<String>>(emptyList())

    /** Every message published by the client, in order. */
    val published = CopyOnWriteArrayList<MqttMessage>()

    /** Filters the broker refuses in its SUBACK. */
    val rejectFilters: MutableSet<String> = ConcurrentHashMap.newKeySet()

    /** How long the SUBACK takes. */
    @Volatile
    var subscribeDelay: Duration = Duration.ZERO

    /** When set, publish fails with it. */
    @Volatile
    var publishError: Throwable? = null

    /** When set, connect suspends until it completes. */
    @Volatile
    var connectGate: CompletableDeferred<Unit>? = null

    /** The service side: called with every published message (after it is recorded); may [deliver] responses. */
    @Volatile
    var responder: (suspend (MqttMessage) -> Unit)? = null

    /** Delivers [message] as the broker would: only if a subscription matches. Returns whether it was delivered. */
    fun deliver(message: MqttMessage): Boolean {
        if (subscriptions.none { topicMatches(it, message.topic) }) return false
        check(incoming.tryEmit(message))
        return true
    }

    /** Delivers a text message on [topic]. */
    fun deliver(topic: String, text: String): Boolean = deliver(MqttMessage.text(topic, text))

    /** The connection drops (the client would now back off and reconnect). */
    fun simulateConnectionLost() {
        val cause = ConnectionClosedException("connection lost (simulated)")
        stateFlow.value = ConnectionState.WaitingToReconnect(ConnectionLostException("lost", cause), 1000)
        eventFlow.tryEmit(LifecycleEvent.Disconnection(cause, null, null))
    }

    /**
     * The client reconnects; without [sessionPresent] the broker forgot the subscriptions and the client restores them.
     */
    fun simulateReconnect(sessionPresent: Boolean) {
        val s = settings(sessionPresent)
        stateFlow.value = ConnectionState.Connected(s)
        eventFlow.tryEmit(LifecycleEvent.ConnectionSuccess(s))
    }

    /** Waits up to [timeoutMillis] for an UNSUBSCRIBE of [filter] (for Java tests). */
    fun awaitUnsubscribed(filter: String, timeoutMillis: Long): Boolean = runBlocking {
        withTimeoutOrNull(timeoutMillis) { unsubscribed.first { filter in it } } != null
    }

    /** Waits up to [timeoutMillis] until the broker holds [filter] (for Java tests). */
    fun awaitSubscribed(filter: String, timeoutMillis: Long): Boolean {
        val end = System.nanoTime() + timeoutMillis * 1_000_000
        while (filter !in subscriptions) {
            if (System.nanoTime() > end) return false
            Thread.sleep(5)
        }
        return true
    }

    override suspend fun connect(): NegotiatedSettings {
        connectGate?.await()
        val s = settings(false)
        stateFlow.value = ConnectionState.Connected(s)
        eventFlow.emit(LifecycleEvent.ConnectionSuccess(s))
        return s
    }

    override suspend fun disconnect() {
        stateFlow.value = ConnectionState.Disconnected
        eventFlow.emit(LifecycleEvent.Stopped)
    }

    override suspend fun publish(message: MqttMessage): PublishResult {
        publishError?.let { throw it }
        published.add(message)
        deliver(message)
        responder?.invoke(message)
        return PublishResult(message.qos, 0)
    }

    override fun subscribe(vararg subscriptions: Subscription): Flow<MqttMessage> = flow {
        val filters = subscriptions.map { it.filter }
        val outcomes = subscribeAll(subscriptions.toList())
        if (outcomes.any { !it.isSuccess }) throw SubscribeRejectedException(outcomes)
        try {
            emitAll(incoming.filter { m -> filters.any { topicMatches(it, m.topic) } })
        } finally {
            withContext(NonCancellable) { unsubscribe(filters) }
        }
    }

    override suspend fun openSubscription(
        vararg subscriptions: Subscription,
        overflow: IncomingOverflow,
        acknowledgement: Acknowledgement,
    ): MqttSubscription {
        val filters = subscriptions.map { it.filter }
        val channel = Channel<MqttMessage>(Channel.UNLIMITED)
        val scope = CoroutineScope(Dispatchers.Unconfined)
        scope.launch(start = CoroutineStart.UNDISPATCHED) {
            incoming.collect { m -> if (filters.any { topicMatches(it, m.topic) }) channel.send(m) }
        }
        val outcomes = subscribeAll(subscriptions.toList())
        if (outcomes.any { !it.isSuccess }) {
            scope.cancel()
            throw SubscribeRejectedException(outcomes)
        }
        val client = this
        return object : MqttSubscription {
            override val subscriptions = subscriptions.toList()
            override val outcomes = outcomes
            override val messages: Flow<MqttMessage> = channel.receiveAsFlow()
            override val droppedMessages = 0L
            override fun close() {
                scope.cancel()
                channel.close()
                runBlocking { client.unsubscribe(filters) }
            }
        }
    }

    override suspend fun subscribeAll(subscriptions: List<Subscription>): List<SubscribeOutcome> {
        subscribeCount.incrementAndGet()
        subscriptions.forEach { subscribeLog.add(it.filter) }
        delay(subscribeDelay)
        return subscriptions.map {
            if (it.filter in rejectFilters) {
                SubscribeOutcome(it.filter, null, 0x87)
            } else {
                this.subscriptions.add(it.filter)
                SubscribeOutcome(it.filter, it.qos, it.qos.code)
            }
        }
    }

    override suspend fun unsubscribe(filters: List<String>) {
        unsubscribeLog.addAll(filters)
        subscriptions.removeAll(filters.toSet())
        unsubscribed.value = unsubscribeLog.toList()
    }

    override fun statistics(): OperationStatistics = OperationStatistics(0, 0, 0, 0, 0, 0)

    override fun asJava(executor: Executor?): IotMqttClientJava = IotMqttClientJava(this, executor)

    override fun close() {
        stateFlow.value = ConnectionState.Closed
        eventFlow.tryEmit(LifecycleEvent.Stopped)
    }

    private fun settings(sessionPresent: Boolean) = NegotiatedSettings(
        sessionPresent = sessionPresent,
        clientId = config.clientId,
        keepAliveSeconds = 1200,
        sessionExpirySeconds = 0,
        maximumQos = Qos.AT_LEAST_ONCE.code,
        retainAvailable = true,
        serverReceiveMaximum = 100,
        maximumPacketSize = 128 * 1024,
        sharedSubscriptionsAvailable = true,
        wildcardSubscriptionsAvailable = true,
        mqttVersion = MqttVersion.MQTT_5,
    )

    companion object {
        /** MQTT topic matching, written independently of the engine's matcher. */
        fun topicMatches(filter: String, topic: String): Boolean {
            if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) return false
            val f = filter.split("/")
            val t = topic.split("/")
            for (i in f.indices) {
                if (f[i] == "#") return true
                if (i >= t.size) return false
                if (f[i] != "+" && f[i] != t[i]) return false
            }
            return f.size == t.size
        }
    }
}
