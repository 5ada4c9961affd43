package dev.iotsdk.core.internal

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.core.Acknowledgement
import dev.iotsdk.core.ClientClosedException
import dev.iotsdk.core.ConnectionLostException
import dev.iotsdk.core.ConnectionState
import dev.iotsdk.core.IncomingOverflow
import dev.iotsdk.core.InvalidTopicException
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.IotMqttClientConfig
import dev.iotsdk.core.IotMqttClientJava
import dev.iotsdk.core.LifecycleEvent
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.MqttSubscription
import dev.iotsdk.core.NegotiatedSettings
import dev.iotsdk.core.OperationStatistics
import dev.iotsdk.core.PublishResult
import dev.iotsdk.core.Qos
import dev.iotsdk.core.SubscribeOutcome
import dev.iotsdk.core.Subscription
import dev.iotsdk.core.internal.durable.DurableOutbox
import dev.iotsdk.core.internal.transport.ConnectionFactory
import dev.iotsdk.core.internal.transport.Connector
import dev.iotsdk.core.internal.transport.IncomingPublish
import dev.iotsdk.core.internal.transport.MqttConnection
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.channels.BufferOverflow
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.MutableSharedFlow
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.SharedFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asSharedFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.job
import java.util.concurrent.Executor
import kotlin.coroutines.CoroutineContext
import kotlin.time.TimeSource

/**
 * The client, a facade over its parts: the [ConnectionLoop] (attempts, backoff, session restore), the
 * [OperationSender] that drains the offline queue into the current connection with a bounded in-flight
 * window, the [FastPublisher] that skips the queue when the connection has room, the [IncomingRouter] that hands
 * incoming messages to each collector's own buffer, and the [Subscriptions].
 *
 * An idle connected client holds no coroutine: the connection loop ends once a session is up, and the connection's
 * end starts it again; the lifecycle flows, the router, the sweeper and a session's scope exist only once needed.
 * (10,000 connections in one JVM are a workload we measure.)
 */
@OptIn(InternalIotSdkApi::class)
internal class DefaultIotMqttClient(
    override val config: IotMqttClientConfig,
    context: CoroutineContext = Dispatchers.Default,
    timeSource: TimeSource = TimeSource.Monotonic,
    connector: (sink: (IncomingPublish) -> Unit) -> Connector = { sink -> ConnectionFactory(config, sink) },
) : IotMqttClient {
    val scope = CoroutineScope(SupervisorJob() + context)
    val validation: TopicValidation get() = TopicValidation.of(config.awsIotLimits)
    val stateFlow = MutableStateFlow<ConnectionState>(ConnectionState.Disconnected)

    /** Made by the first read of [events]: until then nobody can be listening, so nothing is emitted. */
    @Volatile var eventFlow: MutableSharedFlow<LifecycleEvent>? = null
        private set

    val connectionLog: ConnectionLog get() = ConnectionLog(config)
    val queue = OperationQueue(config.offlineQueue)
    val registry = SubscriptionRegistry()
    val sender = OperationSender(this)
    val fastPath = FastPublisher(this, timeSource)

    /** The directory-backed queue of QoS 1 publishes, if configured (opening it locks the directory). */
    val durable: DurableOutbox? = config.durableQueue?.let { DurableOutbox(it, scope) }
    private val router = IncomingRouter(this)
    private val subscriptions = Subscriptions(this, router)

    /** Set while [disconnect] runs: [connect] and other [disconnect] calls wait for it (lighter than a Mutex). */
    @Volatile private var disconnecting: CompletableDeferred<Unit>? = null
    private val loop = ConnectionLoop(this, timeSource, connector(router))

    @Volatile var connection: MqttConnection? = null

    @Volatile var run: ClientRun? = null

    /** The connection while it can take operations, `null` otherwise. */
    @Volatile var live: LiveSession? = null

    @Volatile var closed = false
        private set

    override val state: StateFlow<ConnectionState> get() = stateFlow.asStateFlow()

    override val events: SharedFlow<LifecycleEvent>
        get() = (
            eventFlow ?: synchronized(this) {
                eventFlow
                    ?: MutableSharedFlow<LifecycleEvent>(
                        extraBufferCapacity = 256,
                        onBufferOverflow = BufferOverflow.DROP_OLDEST,
                    )
                        .also { eventFlow = it }
            }
            ).asSharedFlow()

    override val messages: Flow<MqttMessage> get() = router.messages

    /** Emits the event [make] builds, if anyone can be listening. */
    inline fun emit(make: () -> LifecycleEvent) {
        eventFlow?.tryEmit(make())
    }

    // ---- lifecycle -------------------------------------------------------------------------------------------

    override suspend fun connect(): NegotiatedSettings {
        while (true) {
            disconnecting?.let {
                it.await()
                continue
            }
            val waiter = synchronized(this) {
                ensureOpen()
                if (disconnecting != null) return@synchronized null
                val current = connection
                val active = run?.takeIf { it.job.isActive }
                if (current != null && active != null) return current.settings
                active ?: ClientRun(this).also { r ->
                    run = r
                    r.launchLoop { loop.loop(r) }
                }
            } ?: continue
            return waiter.first.await()
        }
    }

    override suspend fun disconnect() {
        val mine = CompletableDeferred<Unit>()
        while (true) {
            // take the turn, or wait for the disconnect() that has it
            val other = synchronized(this) {
                disconnecting.also { if (it == null) disconnecting = mine }
            } ?: break
            other.await()
        }
        try {
            val r = synchronized(this) { run.also { run = null } }
            r?.job?.cancelAndJoin()
            // a connect() still waiting for this run's first connection must not wait forever
            r?.first?.fail(ConnectionLostException("The client disconnected before it could connect"))
            live = null
            connection?.disconnect()
            connection = null
            sender.failAllPending {
                ConnectionLostException("The client disconnected before the operation completed")
            }
            if (!closed) stateFlow.value = ConnectionState.Disconnected
            if (r != null) connectionLog.stopped(closed = false)
            emit { LifecycleEvent.Stopped }
        } finally {
            synchronized(this) { disconnecting = null }
            mine.complete(Unit)
        }
    }

    override fun close() {
        if (closed) return
        closed = true
        val r = run
        r?.job?.cancel()
        live = null
        connection?.closeNow()
        connection = null
        sender.failAllPending { ClientClosedException() }
        r?.first?.fail(ClientClosedException())
        stateFlow.value = ConnectionState.Closed
        connectionLog.stopped(closed = true)
        emit { LifecycleEvent.Stopped }
        router.close()
        registry.closeAll()
        scope.cancel()
        durable?.close()
    }

    /** Calls [handler] once the client is closed (at once if it already is). */
    fun invokeOnClose(handler: () -> Unit) {
        scope.coroutineContext.job.invokeOnCompletion { handler() }
    }

    fun ensureOpen() {
        if (closed) throw ClientClosedException()
    }

    // ---- operations ------------------------------------------------------------------------------------------

    override suspend fun publish(message: MqttMessage): PublishResult {
        checkPublishable(message)
        if (durable != null && message.qos == Qos.AT_LEAST_ONCE) {
            ensureOpen()
            return durable.publish(message).also { live?.let { durable.onSession(it) } }
        }
        val session = live
        if (session != null && fastPath.mayTake(session, message)) return fastPath.publish(session, message)
        return sender.submit(Operation.Publish(message), "publish to '${message.topic}'")
    }

    /**
     * [publish] without a coroutine, when it can take the fast path (connected, nothing queued, a window slot free, no
     * durable queue for QoS 1): sends [message] and returns true, and [onDone] gets the outcome once, on the thread
     * that settles it. Returns false, having done nothing, when [publish] must be called instead; throws what
     * [publish] throws for a closed client or bad input.
     */
    fun publishDirect(message: MqttMessage, onDone: (PublishResult?, Throwable?) -> Unit): Boolean {
        checkPublishable(message)
        val session = live.takeIf { durable == null || message.qos == Qos.AT_MOST_ONCE }
        if (session == null || !fastPath.mayTake(session, message)) return false
        fastPath.publish(session, message, onDone)
        return true
    }

    private fun checkPublishable(message: MqttMessage) {
        ensureOpen()
        validation.checkTopicName(message.topic)
        validation.checkPayload(message.payload.size)
        if (message.topic.startsWith("\$") && message.retain && config.awsIotLimits) {
            throw InvalidTopicException(
                "AWS IoT does not allow retained messages on reserved topic '${message.topic}'",
            )
        }
    }

    override fun subscribe(vararg subscriptions: Subscription): Flow<MqttMessage> =
        this.subscriptions.subscribe(subscriptions.toList())

    override suspend fun openSubscription(
        vararg subscriptions: Subscription,
        overflow: IncomingOverflow,
        acknowledgement: Acknowledgement,
    ): MqttSubscription = this.subscriptions.open(subscriptions.toList(), overflow, acknowledgement)

    override suspend fun subscribeAll(subscriptions: List<Subscription>): List<SubscribeOutcome> =
        this.subscriptions.subscribeAll(subscriptions)

    override suspend fun unsubscribe(filters: List<String>): Unit = subscriptions.unsubscribe(filters)

    // ---- misc ------------------------------------------------------------------------------------------------

    override fun statistics(): OperationStatistics {
        val unacked = sender.inflight() + fastPath.unsettled()
        val count = unacked.size.toLong()
        val bytes = unacked.sumOf { it.size.toLong() }
        return OperationStatistics(
            incompleteOperationCount = queue.size + count + (durable?.size ?: 0),
            incompleteOperationSize = queue.bytes() + bytes + (durable?.bytes ?: 0L),
            unackedOperationCount = count,
            unackedOperationSize = bytes,
            droppedByOverflow = queue.droppedByOverflow + (durable?.dropped ?: 0L),
            droppedIncoming = router.dropped,
            durableRecordsSkipped = durable?.skipped ?: 0L,
        )
    }

    override fun asJava(executor: Executor?): IotMqttClientJava = IotMqttClientJava(this, executor)

    override fun toString(): String =
        "IotMqttClient(${config.clientId} -> ${config.endpoint}:${config.port}, ${state.value})"
}
