package dev.iotsdk.core.internal

import dev.iotsdk.core.AwsIotLimits
import dev.iotsdk.core.ClientClosedException
import dev.iotsdk.core.ConnectFailedException
import dev.iotsdk.core.ConnectionClosedException
import dev.iotsdk.core.ConnectionLostException
import dev.iotsdk.core.ConnectionState
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.IotMqttClientConfig
import dev.iotsdk.core.IotMqttClientJava
import dev.iotsdk.core.LifecycleEvent
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.NegotiatedSettings
import dev.iotsdk.core.OperationStatistics
import dev.iotsdk.core.OperationTimeoutException
import dev.iotsdk.core.PublishResult
import dev.iotsdk.core.QueueBehavior
import dev.iotsdk.core.SubscribeOutcome
import dev.iotsdk.core.SubscribeRejectedException
import dev.iotsdk.core.Subscription
import dev.iotsdk.core.internal.transport.ConnectionFactory
import kotlin.coroutines.CoroutineContext
import kotlin.time.TimeSource
import kotlin.time.Duration.Companion.milliseconds
import dev.iotsdk.core.internal.transport.IncomingPublish
import dev.iotsdk.core.internal.transport.MqttConnection
import dev.iotsdk.model.IotClientException
import dev.iotsdk.model.IotSdkException
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.cancel
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.channels.BufferOverflow
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.ClosedSendChannelException
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.MutableSharedFlow
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.SharedFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asSharedFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.isActive
import kotlinx.coroutines.job
import kotlinx.coroutines.launch
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.Semaphore
import kotlinx.coroutines.sync.withLock
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.withTimeoutOrNull
import java.util.concurrent.Executor
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicLong

/**
 * The client: a connection loop (attempts, backoff, session restore), a sender that drains the bounded offline
 * queue into the current connection with a bounded in-flight window, and a router that hands incoming messages to
 * subscription collectors with back-pressure (a message is acknowledged once every matching collector took it).
 */
internal class DefaultIotMqttClient(
    override val config: IotMqttClientConfig,
    context: CoroutineContext = Dispatchers.Default,
    private val timeSource: TimeSource = TimeSource.Monotonic,
    connector: (sink: (IncomingPublish) -> Unit) -> (suspend () -> MqttConnection) = { sink -> ConnectionFactory(config, sink)::connect },
) : IotMqttClient {
    private val scope = CoroutineScope(SupervisorJob() + context + CoroutineName("iotsdk-${config.clientId}"))
    private val validation = TopicValidation(config.awsIotLimits)
    private val stateFlow = MutableStateFlow<ConnectionState>(ConnectionState.Disconnected)
    private val eventFlow = MutableSharedFlow<LifecycleEvent>(extraBufferCapacity = 256, onBufferOverflow = BufferOverflow.DROP_OLDEST)
    private val allMessages = MutableSharedFlow<MqttMessage>(extraBufferCapacity = config.subscriberBufferSize)

    /** The router's queue: made, and its coroutine started, the first time a message cannot be delivered at once. */
    @Volatile private var router: Channel<Pending>? = null

    /** Messages handed to the router and not yet delivered: while there are any, new ones queue behind them. */
    private val routerBacklog = java.util.concurrent.atomic.AtomicInteger()
    private val queue = OperationQueue(config.offlineQueue)
    private val registry = SubscriptionRegistry()
    private val inflight = LinkedHashSet<Operation<*>>()
    private val droppedIncoming = AtomicLong()
    private val lifecycle = Mutex()
    private val connectOnce: suspend () -> MqttConnection = connector(::onIncoming)

    @Volatile private var connection: MqttConnection? = null

    /**
     * The connection while it can take operations (subscriptions restored), `null` otherwise: its in-flight [window],
     * the [scope] its operations run in (cancelled when the connection ends), and the queue drainer's state. The
     * drainer runs only while the queue holds something ([kickDrainer]), so an idle connection costs no coroutine.
     */
    private class LiveSession(
        val conn: MqttConnection,
        val window: Semaphore,
        val scope: CoroutineScope,
        val limiter: RateLimiter?,
        /** Operations queued before this session started that the drain interval still applies to (drainer only). */
        @Volatile var backlog: Int,
    ) {
        /** Set while a drainer runs: at most one at a time, and each hands over to the next through this flag. */
        val draining = AtomicBoolean()
    }

    @Volatile private var live: LiveSession? = null

    @Volatile private var loop: Job? = null

    @Volatile private var firstConnect: CompletableDeferred<NegotiatedSettings>? = null

    @Volatile private var closed = false

    override val state: StateFlow<ConnectionState> = stateFlow.asStateFlow()
    override val events: SharedFlow<LifecycleEvent> = eventFlow.asSharedFlow()
    override val messages: Flow<MqttMessage> = allMessages.asSharedFlow()

    // ---- lifecycle -------------------------------------------------------------------------------------------

    override suspend fun connect(): NegotiatedSettings {
        val waiter = lifecycle.withLock {
            ensureOpen()
            val current = connection
            if (current != null && loop?.isActive == true) return current.settings
            firstConnect?.takeIf { loop?.isActive == true } ?: CompletableDeferred<NegotiatedSettings>().also { d ->
                firstConnect = d
                loop = scope.launch { connectionLoop(d) }
            }
        }
        return waiter.await()
    }

    override suspend fun disconnect() {
        lifecycle.withLock {
            val job = loop
            loop = null
            job?.cancelAndJoin()
            connection?.disconnect()
            connection = null
            failAllPending { ConnectionLostException("The client disconnected before the operation completed") }
            if (!closed) stateFlow.value = ConnectionState.Disconnected
            eventFlow.tryEmit(LifecycleEvent.Stopped)
        }
    }

    override fun close() {
        if (closed) return
        closed = true
        loop?.cancel()
        connection?.closeNow()
        connection = null
        failAllPending { ClientClosedException() }
        firstConnect?.completeExceptionally(ClientClosedException())
        stateFlow.value = ConnectionState.Closed
        eventFlow.tryEmit(LifecycleEvent.Stopped)
        router?.close()
        scope.cancel()
    }

    private fun ensureOpen() {
        if (closed) throw ClientClosedException()
    }

    private suspend fun connectionLoop(first: CompletableDeferred<NegotiatedSettings>) {
        val backoff = Backoff(config.reconnect)
        var everConnected = false
        while (scope.isActive) {
            val attempt = backoff.attempt + 1
            stateFlow.value = ConnectionState.Connecting(attempt)
            eventFlow.tryEmit(LifecycleEvent.AttemptingConnect(attempt, config.endpoint, config.port))
            val conn = try {
                withTimeout(config.connectTimeout * 2) { connectOnce() }
            } catch (e: TimeoutCancellationException) {
                val failure = ConnectFailedException("Connecting to ${config.endpoint}:${config.port} timed out", e, isRetryable = true)
                if (onAttemptFailed(failure, backoff, everConnected, first)) return else continue
            } catch (e: IotSdkException) {
                if (onAttemptFailed(e, backoff, everConnected, first)) return else continue
            }
            everConnected = true
            val connectedAt = timeSource.markNow()
            connection = conn
            if (!conn.settings.sessionPresent) registry.markAllUnconfirmed()
            stateFlow.value = ConnectionState.Connected(conn.settings)
            eventFlow.tryEmit(LifecycleEvent.ConnectionSuccess(conn.settings))
            val cause = runSession(conn, first)
            connection = null
            conn.closeNow()
            onConnectionLost(cause)
            eventFlow.tryEmit(LifecycleEvent.Disconnection(cause, cause.reasonCode, null))
            if (connectedAt.elapsedNow() >= config.reconnect.stableConnection) backoff.reset()
            val wait = backoff.next()
            stateFlow.value = ConnectionState.WaitingToReconnect(cause, wait.inWholeMilliseconds)
            delay(wait)
        }
    }

    /** Returns true when the loop must stop. */
    private suspend fun onAttemptFailed(
        e: IotSdkException,
        backoff: Backoff,
        everConnected: Boolean,
        first: CompletableDeferred<NegotiatedSettings>,
    ): Boolean {
        eventFlow.tryEmit(LifecycleEvent.ConnectionFailure(e))
        val exhausted = config.reconnect.maxAttempts?.let { backoff.attempt + 1 >= it } ?: false
        if ((!everConnected && !e.isRetryable) || exhausted) {
            first.completeExceptionally(e)
            stateFlow.value = ConnectionState.Disconnected
            failAllPending { ConnectionLostException("Could not connect: ${e.message}", e) }
            loop = null
            eventFlow.tryEmit(LifecycleEvent.Stopped)
            return true
        }
        val wait = backoff.next()
        stateFlow.value = ConnectionState.WaitingToReconnect(e, wait.inWholeMilliseconds)
        delay(wait)
        return false
    }

    /** Restores subscriptions, then drains the queue until the connection is lost; returns why it was lost. */
    private suspend fun runSession(conn: MqttConnection, first: CompletableDeferred<NegotiatedSettings>): ConnectionClosedException =
        coroutineScope {
            // connect() returns as soon as the broker accepted us, even if the connection drops right after
            first.complete(conn.settings)
            val sessionJob = Job(coroutineContext.job)
            val sessionScope = CoroutineScope(coroutineContext + sessionJob)
            sessionScope.launch {
                try {
                    restoreSubscriptions(conn)
                    val window = Semaphore(conn.settings.serverReceiveMaximum.coerceIn(1, MAX_INFLIGHT))
                    live = LiveSession(conn, window, sessionScope, config.flowControl?.let { RateLimiter(it) }, queue.size)
                    kickDrainer()
                } catch (e: IotSdkException) {
                    // the connection failed under us; `lost` completes and the loop reconnects
                    conn.closeNow()
                }
            }
            val cause = conn.lost.await()
            live = null
            sessionJob.cancelAndJoin()
            settleDirectPublishes(cause)
            cause
        }

    private suspend fun restoreSubscriptions(conn: MqttConnection) {
        val toRestore = registry.toRestore(conn.settings.sessionPresent)
        if (toRestore.isEmpty()) return
        toRestore.chunked(batchSize()).forEach { batch ->
            val outcomes = conn.subscribe(batch)
            registry.markConfirmed(outcomes.filter { it.isSuccess }.map { it.filter }, true)
            val refused = outcomes.filter { !it.isSuccess }
            if (refused.isNotEmpty()) registry.failFilters(refused.map { it.filter }, SubscribeRejectedException(outcomes))
        }
    }

    /** Starts the live session's queue drainer if something is queued and it is not running. */
    private fun kickDrainer() {
        val session = live ?: return
        if (queue.size == 0 || !session.draining.compareAndSet(false, true)) return
        session.scope.launch { drain(session) }
    }

    /**
     * Sends queued operations on [session]'s connection, each once a window slot is free, until the queue is empty.
     * An operation leaves the queue only with a slot in hand, so a cancellation while waiting loses nothing.
     */
    private suspend fun drain(session: LiveSession) {
        while (true) {
            // acquiring a free slot does not suspend, so check for the session's end here: an operation whose connection
            // is gone is requeued at once, and this loop must not take it again
            currentCoroutineContext().ensureActive()
            if (session.conn.lost.isCompleted) return
            session.window.acquire()
            val op = queue.poll()
            if (op == null) {
                session.window.release()
                session.draining.set(false)
                // something queued after the poll saw the flag still set: carry on for it
                if (queue.size == 0 || !session.draining.compareAndSet(false, true)) return
                continue
            }
            if (op is Operation.Publish && session.limiter != null) {
                try {
                    session.limiter.acquire(op.size)
                } catch (e: CancellationException) {
                    queue.requeueFront(listOf(op))
                    session.window.release()
                    throw e
                }
            }
            synchronized(inflight) { inflight.add(op) }
            op.sent = true
            session.scope.launch(start = CoroutineStart.UNDISPATCHED) {
                try {
                    execute(session.conn, op)
                } catch (e: CancellationException) {
                    onInterrupted(op, ConnectionClosedException("The connection was lost"))
                    throw e
                } catch (e: ConnectionClosedException) {
                    onInterrupted(op, e)
                } catch (e: IotSdkException) {
                    op.fail(e)
                } catch (e: Exception) {
                    op.fail(IotClientException("The operation failed: ${e.message}", e))
                } finally {
                    synchronized(inflight) { inflight.remove(op) }
                    session.window.release()
                }
            }
            val drainInterval = config.offlineQueue.drainInterval
            if (drainInterval != null && session.backlog > 0) {
                session.backlog--
                delay(drainInterval)
            }
        }
    }

    @Suppress("UNCHECKED_CAST")
    private suspend fun execute(conn: MqttConnection, op: Operation<*>) {
        when (op) {
            is Operation.Publish -> op.complete(conn.publish(op.message))
            is Operation.Subscribe -> {
                val outcomes = op.subscriptions.chunked(batchSize()).flatMap { conn.subscribe(it) }
                registry.markConfirmed(outcomes.filter { it.isSuccess }.map { it.filter }, true)
                op.complete(outcomes)
            }
            is Operation.Unsubscribe -> op.complete(conn.unsubscribe(op.filters))
        }
    }

    /** An in-flight operation whose connection went away: unacknowledged QoS 1 publishes are always sent again. */
    private fun onInterrupted(op: Operation<*>, cause: ConnectionClosedException) {
        if (op.isDone) return
        val keep = when (op) {
            is Operation.Publish -> op.isQos1
            is Operation.Subscribe -> op.restorable || config.offlineQueue.behavior == QueueBehavior.FAIL_QOS0_PUBLISH_ON_DISCONNECT
            is Operation.Unsubscribe -> op.restorable || config.offlineQueue.behavior == QueueBehavior.FAIL_QOS0_PUBLISH_ON_DISCONNECT
        }
        if (keep) {
            queue.requeueFront(listOf(op))
            kickDrainer()
        } else {
            op.fail(ConnectionLostException("The connection was lost before the operation completed", cause))
        }
    }

    /** Applies the queue behaviour to what is still queued when a connection ends. */
    private fun onConnectionLost(cause: ConnectionClosedException) {
        val behavior = config.offlineQueue.behavior
        val failed = queue.removeAll { op ->
            when (op) {
                is Operation.Publish -> !op.isQos1 || (behavior == QueueBehavior.FAIL_ALL_ON_DISCONNECT && !op.sent)
                is Operation.Subscribe -> !op.restorable && behavior != QueueBehavior.FAIL_QOS0_PUBLISH_ON_DISCONNECT
                is Operation.Unsubscribe -> !op.restorable && behavior != QueueBehavior.FAIL_QOS0_PUBLISH_ON_DISCONNECT
            }
        }
        failed.forEach { it.fail(ConnectionLostException("The connection was lost and the queue behaviour is $behavior", cause)) }
    }

    private fun failAllPending(error: () -> Throwable) {
        val pending = queue.removeAll { true } + synchronized(inflight) { inflight.toList() } + direct.filter { !it.isSettled }
        pending.forEach { it.fail(error()) }
    }

    private fun batchSize(): Int = if (config.awsIotLimits) AwsIotLimits.MAX_SUBSCRIPTIONS_PER_SUBSCRIBE else Int.MAX_VALUE

    // ---- operations ------------------------------------------------------------------------------------------

    override suspend fun publish(message: MqttMessage): PublishResult {
        ensureOpen()
        validation.checkTopicName(message.topic)
        validation.checkPayload(message.payload.size)
        if (message.topic.startsWith("\$") && message.retain && config.awsIotLimits) {
            throw dev.iotsdk.core.InvalidTopicException("AWS IoT does not allow retained messages on reserved topic '${message.topic}'")
        }
        val session = live
        if (session != null && directPublishAllowed && queue.size == 0 && session.window.tryAcquire()) {
            return publishDirect(session, message)
        }
        return submit(Operation.Publish(message), "publish to '${message.topic}'")
    }

    /** Without flow control or queue draining, a publish may skip the queue when the connection has room. */
    private val directPublishAllowed = config.flowControl == null && config.offlineQueue.drainInterval == null

    /**
     * The fast path: connected, nothing queued, a free in-flight slot ([session]'s window, already taken). The message
     * goes to the connection from the caller's coroutine, and its outcome is settled by a callback on the transport's
     * thread: no queue hand-off, no coroutine, no timer per publish (the client's sweeper, [startSweeper], enforces
     * the operation timeout). If the connection goes away first, [settleDirectPublishes] hands the operation to the queue exactly as
     * the send loop would (QoS 1 sent again after the reconnect).
     */
    private suspend fun publishDirect(session: LiveSession, message: MqttMessage): PublishResult {
        val op = Operation.Publish(message)
        op.sent = true
        val timeout = config.operationTimeout
        if (timeout != null) op.deadline = timeSource.markNow() + timeout
        direct.add(op)
        if (timeout != null) startSweeper()
        session.conn.publish(message) { result, error -> onDirectPublishDone(session, op, result, error) }
        // lost before the transport took it: its callback may never come
        if (session.conn.lost.isCompleted) settleDirectPublishes(ConnectionClosedException("The connection was lost"))
        try {
            return op.await()
        } catch (e: CancellationException) {
            queue.remove(op)
            throw e
        } finally {
            // the caller is gone; one still in flight stays until it is settled (see [forget])
            op.abandoned = true
            if (op.isSettled) direct.remove(op)
        }
    }

    /** Called after settling [op]: once its caller returned too, nothing needs it in [direct] any more. */
    private fun forget(op: Operation.Publish) {
        if (op.abandoned) direct.remove(op)
    }

    /**
     * Fast-path publishes until both their caller returned and they are settled ([Operation.Publish.settle]): in flight
     * until settled, then possibly back in the queue; the sweeper enforces the deadlines of all of them.
     */
    private val direct: MutableSet<Operation.Publish> = java.util.concurrent.ConcurrentHashMap.newKeySet()
    private val sweeping = java.util.concurrent.atomic.AtomicBoolean()

    /**
     * One coroutine per client enforces the fast path's operation timeout, ticking at a tenth of it (10 ms to 500 ms)
     * while [direct] holds anything, and stopping when it is empty.
     */
    private fun startSweeper() {
        if (sweeping.get() || !sweeping.compareAndSet(false, true)) return
        val tick = (config.operationTimeout!! / 10).coerceIn(SWEEP_MIN, SWEEP_MAX)
        scope.launch {
            while (true) {
                delay(tick)
                expireDirectPublishes()
                if (direct.isEmpty()) {
                    sweeping.set(false)
                    // a publish that arrived meanwhile saw the flag still set: keep going for it
                    if (direct.isEmpty() || !sweeping.compareAndSet(false, true)) return@launch
                }
            }
        }
    }

    private fun onDirectPublishDone(session: LiveSession, op: Operation.Publish, result: PublishResult?, error: Throwable?) {
        if (!op.settle()) return
        forget(op)
        session.window.release()
        when {
            error == null -> op.complete(result!!)
            closed -> op.fail(ClientClosedException())
            error is ConnectionClosedException -> onInterrupted(op, error)
            error is IotSdkException -> op.fail(error)
            else -> op.fail(IotClientException("The operation failed: ${error.message}", error))
        }
    }

    /** The connection of the fast-path publishes still in flight is gone: each goes where the send loop's would. */
    private fun settleDirectPublishes(cause: ConnectionClosedException) {
        for (op in direct) {
            if (!op.settle()) continue
            forget(op)
            if (closed) op.fail(ClientClosedException()) else onInterrupted(op, cause)
        }
    }

    /**
     * Fails the fast-path publishes whose operation timeout passed. One still in flight stays there (its slot is
     * freed by its acknowledgement or its connection's end); one handed back to the queue leaves it.
     */
    private fun expireDirectPublishes() {
        for (op in direct) {
            if (op.isDone || op.deadline?.hasPassedNow() != true) continue
            val topic = op.message.topic
            op.fail(OperationTimeoutException("No acknowledgement for publish to '$topic' within ${config.operationTimeout} (state: ${state.value})"))
            queue.remove(op)
        }
    }

    override fun subscribe(vararg subscriptions: Subscription): Flow<MqttMessage> {
        ensureOpen()
        val subs = subscriptions.toList()
        require(subs.isNotEmpty()) { "subscribe needs at least one subscription" }
        subs.forEach { validation.checkTopicFilter(it.filter) }
        return flow {
            ensureOpen()
            val collector = Collector(subs.map { it.filter }, Channel(config.subscriberBufferSize))
            val fresh = registry.acquire(subs, collector)
            try {
                if (fresh.isNotEmpty()) {
                    val outcomes = submit(Operation.Subscribe(fresh, restorable = true), "subscribe", timeout = null)
                    if (outcomes.any { !it.isSuccess }) throw SubscribeRejectedException(outcomes)
                }
                for (m in collector.channel) emit(m)
            } finally {
                val gone = registry.release(collector)
                collector.channel.close()
                if (gone.isNotEmpty() && !closed) {
                    scope.launch { runCatching { submit(Operation.Unsubscribe(gone, restorable = true), "unsubscribe") } }
                }
            }
        }
    }

    override suspend fun subscribeAll(subscriptions: List<Subscription>): List<SubscribeOutcome> {
        ensureOpen()
        subscriptions.forEach { validation.checkTopicFilter(it.filter) }
        val outcomes = submit(Operation.Subscribe(subscriptions, restorable = false), "subscribe")
        registry.addExplicit(subscriptions.filter { s -> outcomes.any { it.filter == s.filter && it.isSuccess } })
        return outcomes
    }

    override suspend fun unsubscribe(filters: List<String>) {
        ensureOpen()
        filters.forEach { validation.checkTopicFilter(it) }
        val gone = registry.removeExplicit(filters)
        if (gone.isEmpty()) return
        val codes = submit(Operation.Unsubscribe(gone, restorable = false), "unsubscribe")
        codes.forEachIndexed { i, code ->
            if (code >= 0x80) throw dev.iotsdk.core.UnsubscribeRejectedException(gone[i], code)
        }
    }

    private suspend fun <T> submit(op: Operation<T>, what: String, timeout: kotlin.time.Duration? = config.operationTimeout): T {
        queue.offer(op)
        kickDrainer()
        try {
            if (timeout == null) return op.await()
            return withTimeoutOrNull(timeout) { op.await() }
                ?: throw OperationTimeoutException("No acknowledgement for $what within $timeout (state: ${state.value})")
                    .also { op.fail(it); queue.remove(op) }
        } catch (e: CancellationException) {
            queue.remove(op)
            throw e
        }
    }

    // ---- incoming --------------------------------------------------------------------------------------------

    /**
     * An incoming message the router still has to deliver: to [targets] (`null`: every matching collector), and to
     * [messages] when [toAll].
     */
    private class Pending(val publish: IncomingPublish, val targets: List<Collector>?, val toAll: Boolean)

    /**
     * Called on the connection's I/O thread, one message at a time. When nothing waits in the router, the message goes
     * straight into the collectors' buffers and is acknowledged; whatever does not fit (a full buffer) is left to the
     * router, which waits for room (back-pressure: the acknowledgement is held until every collector took it).
     */
    private fun onIncoming(p: IncomingPublish) {
        if (routerBacklog.get() != 0) {
            enqueue(Pending(p, null, true))
            return
        }
        var missed: ArrayList<Collector>? = null
        for (c in registry.matching(p.message.topic)) {
            val sent = c.channel.trySend(p.message)
            if (sent.isFailure && !sent.isClosed) (missed ?: ArrayList<Collector>(1).also { missed = it }).add(c)
        }
        val toAll = !allMessages.tryEmit(p.message)
        if (missed == null && !toAll) {
            runCatching { p.acknowledge() }
            return
        }
        enqueue(Pending(p, missed ?: emptyList(), toAll))
    }

    private fun enqueue(item: Pending) {
        routerBacklog.incrementAndGet()
        if (routerChannel().trySend(item).isFailure) {
            routerBacklog.decrementAndGet()
            droppedIncoming.incrementAndGet()
            if (item.publish.message.qos == dev.iotsdk.core.Qos.AT_MOST_ONCE) item.publish.acknowledge()
        }
    }

    private fun routerChannel(): Channel<Pending> = router ?: synchronized(this) {
        router ?: Channel<Pending>(config.receiveMaximum + QOS0_BUFFER).also { channel ->
            router = channel
            if (closed) channel.close() else scope.launch { routeIncoming(channel) }
        }
    }

    private suspend fun routeIncoming(channel: Channel<Pending>) {
        for (item in channel) {
            val message = item.publish.message
            for (c in item.targets ?: registry.matching(message.topic)) {
                try {
                    c.channel.send(message)
                } catch (_: ClosedSendChannelException) {
                    // that collector stopped
                } catch (_: IotSdkException) {
                    // that collector failed
                }
            }
            if (item.toAll) allMessages.emit(message)
            runCatching { item.publish.acknowledge() }
            routerBacklog.decrementAndGet()
        }
    }

    // ---- misc ------------------------------------------------------------------------------------------------

    override fun statistics(): OperationStatistics {
        val unsettled = direct.filter { !it.isSettled }
        val (queued, queuedBytes) = synchronized(inflight) { inflight.size.toLong() to inflight.sumOf { it.size.toLong() } }
        val count = queued + unsettled.size
        val bytes = queuedBytes + unsettled.sumOf { it.size.toLong() }
        return OperationStatistics(
            incompleteOperationCount = queue.size + count,
            incompleteOperationSize = queue.bytes() + bytes,
            unackedOperationCount = count,
            unackedOperationSize = bytes,
            droppedByOverflow = queue.droppedByOverflow.get(),
            droppedIncoming = droppedIncoming.get(),
        )
    }

    override fun asJava(executor: Executor?): IotMqttClientJava = IotMqttClientJava(this, executor)

    override fun toString(): String = "IotMqttClient(${config.clientId} -> ${config.endpoint}:${config.port}, ${state.value})"

    private companion object {
        const val QOS0_BUFFER = 1024
        const val MAX_INFLIGHT = 256
        val SWEEP_MIN = 10.milliseconds
        val SWEEP_MAX = 500.milliseconds
    }
}
