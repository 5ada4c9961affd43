package dev.iotsdk.core.internal

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.IotClientException
import dev.iotsdk.common.IotSdkException
import dev.iotsdk.common.internal.Backoff
import dev.iotsdk.core.AwsIotLimits
import dev.iotsdk.core.ClientClosedException
import dev.iotsdk.core.ConnectFailedException
import dev.iotsdk.core.ConnectionClosedException
import dev.iotsdk.core.ConnectionLostException
import dev.iotsdk.core.ConnectionState
import dev.iotsdk.core.InvalidTopicException
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.IotMqttClientConfig
import dev.iotsdk.core.IotMqttClientJava
import dev.iotsdk.core.LifecycleEvent
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.NegotiatedSettings
import dev.iotsdk.core.OperationStatistics
import dev.iotsdk.core.OperationTimeoutException
import dev.iotsdk.core.PublishResult
import dev.iotsdk.core.Qos
import dev.iotsdk.core.QueueBehavior
import dev.iotsdk.core.SubscribeOutcome
import dev.iotsdk.core.SubscribeRejectedException
import dev.iotsdk.core.Subscription
import dev.iotsdk.core.UnsubscribeRejectedException
import dev.iotsdk.core.internal.transport.ConnectionFactory
import dev.iotsdk.core.internal.transport.Connector
import dev.iotsdk.core.internal.transport.IncomingPublish
import dev.iotsdk.core.internal.transport.MqttConnection
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CompletableJob
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.cancel
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.channels.BufferOverflow
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.ClosedSendChannelException
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.delay
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.MutableSharedFlow
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.SharedFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asSharedFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.job
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.withTimeoutOrNull
import java.util.concurrent.Executor
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater
import java.util.concurrent.atomic.AtomicLongFieldUpdater
import kotlin.coroutines.CoroutineContext
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.TimeMark
import kotlin.time.TimeSource

/**
 * The client: a connection loop (attempts, backoff, session restore), a sender that drains the bounded offline
 * queue into the current connection with a bounded in-flight window, and a router that hands incoming messages to
 * subscription collectors with back-pressure (a message is acknowledged once every matching collector took it).
 *
 * An idle connected client holds no coroutine: the connection loop ends once a session is up, and the connection's
 * end starts it again; the lifecycle flows, the router, the sweeper and a session's scope exist only once needed.
 * (10,000 connections in one JVM are a workload we measure.)
 */
@OptIn(InternalIotSdkApi::class)
internal class DefaultIotMqttClient(
    override val config: IotMqttClientConfig,
    context: CoroutineContext = Dispatchers.Default,
    private val timeSource: TimeSource = TimeSource.Monotonic,
    connector: (sink: (IncomingPublish) -> Unit) -> Connector = { sink -> ConnectionFactory(config, sink) },
) : IotMqttClient {
    private val scope = CoroutineScope(SupervisorJob() + context)
    private val validation = TopicValidation.of(config.awsIotLimits)
    private val stateFlow = MutableStateFlow<ConnectionState>(ConnectionState.Disconnected)

    /** Made by the first read of [events]: until then nobody can be listening, so nothing is emitted. */
    @Volatile private var eventFlow: MutableSharedFlow<LifecycleEvent>? = null

    /** Made by the first read of [messages], like [eventFlow]. */
    @Volatile private var allMessages: MutableSharedFlow<MqttMessage>? = null

    /** The router's queue: made, and its coroutine started, the first time a message cannot be delivered at once. */
    @Volatile private var router: Channel<Pending>? = null

    /** Messages handed to the router and not yet delivered: while there are any, new ones queue behind them. */
    @Volatile private var routerBacklog = 0
    private val queue = OperationQueue(config.offlineQueue)
    private val registry = SubscriptionRegistry()

    /** Queued operations the drainer sent and that are not acknowledged yet (fast-path publishes are in [direct]). */
    private var inflightList: ArrayList<Operation<*>>? = null

    /** A copy of [inflightList]; it and the list are guarded by [queue]'s lock (the list is made on first use). */
    private fun inflight(): List<Operation<*>> = synchronized(queue) { inflightList?.toList() ?: emptyList() }

    @Volatile private var droppedIncoming = 0L

    /** Set while [disconnect] runs: [connect] and other [disconnect] calls wait for it (lighter than a Mutex). */
    @Volatile private var disconnecting: CompletableDeferred<Unit>? = null
    private val connector: Connector = connector { onIncoming(it) }

    @Volatile private var connection: MqttConnection? = null

    /**
     * One run of the client, from [connect] to [disconnect], [close] or giving up: the waiter of its first connection,
     * its backoff, and the [job] its connection loop and its sessions' operations run under (cancelled to stop it all).
     */
    private inner class Run {
        val first = OneShot<NegotiatedSettings>()
        val job: CompletableJob = Job(scope.coroutineContext.job)
        val backoff = config.reconnect.let { Backoff(it.baseDelay, it.maxDelay, it.jitter) }
        var everConnected = false

        /** Runs [block] as this run's connection loop: one at a time, while no session is up. */
        fun launchLoop(block: suspend CoroutineScope.() -> Unit) {
            scope.launch(job + LOOP_NAME, block = block)
        }
    }

    @Volatile private var run: Run? = null

    /**
     * The connection while it can take operations (subscriptions restored), `null` otherwise: its in-flight window
     * (this [SendWindow]), the scope its operations run in (made on first use, cancelled when the connection ends), and
     * the queue drainer's state. The drainer runs only while the queue holds something ([kickDrainer]), so an idle
     * connection costs no coroutine. It is also the handler of its connection's end ([onSessionEnd]).
     */
    private inner class LiveSession(
        val conn: MqttConnection,
        val run: Run,
        val connectedAt: TimeMark,
        permits: Int,
        val limiter: RateLimiter?,
        /** Operations queued before this session started that the drain interval still applies to (drainer only). */
        @Volatile var backlog: Int,
    ) : SendWindow(permits),
        (Throwable?) -> Unit {
        /** Set while a drainer runs: at most one at a time, and each hands over to the next through this flag. */
        // a plain field (no accessors) so the client's DRAINING updater may reach it
        @JvmField @Volatile
        var draining = 0

        fun tryStartDraining(): Boolean = DRAINING.compareAndSet(this, 0, 1)

        private var job: Job? = null
        private var sessionScope: CoroutineScope? = null
        private var ended = false

        /** The scope this session's operations run in, or `null` once it [end]ed. */
        fun scope(): CoroutineScope? = synchronized(this) {
            if (ended) return null
            sessionScope ?: Job(run.job).let { j ->
                job = j
                CoroutineScope(scope.coroutineContext + j).also { sessionScope = it }
            }
        }

        /** Ends the session: no more scope; returns the job to cancel, if one was made. */
        fun end(): Job? = synchronized(this) {
            ended = true
            job
        }

        /** The connection ended. */
        override fun invoke(cause: Throwable?) {
            onSessionEnd(this)
        }
    }

    @Volatile private var live: LiveSession? = null

    @Volatile private var closed = false

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

    override val messages: Flow<MqttMessage>
        get() = (
            allMessages ?: synchronized(this) {
                allMessages ?: MutableSharedFlow<MqttMessage>(extraBufferCapacity = config.subscriberBufferSize)
                    .also { allMessages = it }
            }
            ).asSharedFlow()

    /** Emits the event [make] builds, if anyone can be listening. */
    private inline fun emit(make: () -> LifecycleEvent) {
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
                active ?: Run().also { r ->
                    run = r
                    r.launchLoop { connectionLoop(r) }
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
            failAllPending { ConnectionLostException("The client disconnected before the operation completed") }
            if (!closed) stateFlow.value = ConnectionState.Disconnected
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
        failAllPending { ClientClosedException() }
        r?.first?.fail(ClientClosedException())
        stateFlow.value = ConnectionState.Closed
        emit { LifecycleEvent.Stopped }
        router?.close()
        scope.cancel()
    }

    /** Calls [handler] once the client is closed (at once if it already is). */
    fun invokeOnClose(handler: () -> Unit) {
        scope.coroutineContext.job.invokeOnCompletion { handler() }
    }

    private fun ensureOpen() {
        if (closed) throw ClientClosedException()
    }

    /**
     * Connects [run], with retries and backoff, and starts a session on the connection; returns once the session is
     * up (its connection's end starts the loop again, [onSessionEnd]) or the run gave up.
     */
    private suspend fun connectionLoop(run: Run) {
        while (true) {
            currentCoroutineContext().ensureActive()
            val attempt = run.backoff.attempt + 1
            stateFlow.value = ConnectionState.Connecting(attempt)
            emit { LifecycleEvent.AttemptingConnect(attempt, config.endpoint, config.port) }
            val conn = try {
                withTimeout(config.connectTimeout * 2) { connector.connect() }
            } catch (e: TimeoutCancellationException) {
                val failure =
                    ConnectFailedException(
                        "Connecting to ${config.endpoint}:${config.port} timed out",
                        e,
                        isRetryable = true,
                    )
                if (onAttemptFailed(failure, run)) return else continue
            } catch (e: IotSdkException) {
                if (onAttemptFailed(e, run)) return else continue
            }
            run.everConnected = true
            connection = conn
            if (!conn.settings.sessionPresent) registry.markAllUnconfirmed()
            stateFlow.value = ConnectionState.Connected(conn.settings)
            emit { LifecycleEvent.ConnectionSuccess(conn.settings) }
            // connect() returns as soon as the broker accepted us, even if the connection drops right after
            run.first.complete(conn.settings)
            val connectedAt = timeSource.markNow()
            val toRestore = registry.toRestore(conn.settings.sessionPresent)
            if (toRestore.isNotEmpty()) {
                try {
                    restoreSubscriptions(conn, toRestore)
                } catch (e: IotSdkException) {
                    // the connection failed under us; `lost` completes and the loop reconnects
                    conn.closeNow()
                }
            }
            startSession(run, conn, connectedAt)
            return
        }
    }

    /** Returns true when the loop must stop. */
    private suspend fun onAttemptFailed(e: IotSdkException, run: Run): Boolean {
        emit { LifecycleEvent.ConnectionFailure(e) }
        val exhausted = config.reconnect.maxAttempts?.let { run.backoff.attempt + 1 >= it } ?: false
        if ((!run.everConnected && !e.isRetryable) || exhausted) {
            run.first.fail(e)
            stateFlow.value = ConnectionState.Disconnected
            failAllPending { ConnectionLostException("Could not connect: ${e.message}", e) }
            if (this.run === run) this.run = null
            run.job.complete()
            emit { LifecycleEvent.Stopped }
            return true
        }
        val wait = run.backoff.next()
        stateFlow.value = ConnectionState.WaitingToReconnect(e, wait.inWholeMilliseconds)
        delay(wait)
        return false
    }

    /**
     * Makes the connection (its subscriptions restored) live, so operations drain into it, and returns: from here on
     * the connection's end, not a waiting coroutine, starts what comes next ([onSessionEnd]).
     */
    private fun startSession(run: Run, conn: MqttConnection, connectedAt: TimeMark) {
        val permits = conn.settings.serverReceiveMaximum.coerceIn(1, MAX_INFLIGHT)
        val session =
            LiveSession(conn, run, connectedAt, permits, config.flowControl?.let { RateLimiter(it) }, queue.size)
        if (!conn.lost.isCompleted) {
            live = session
            kickDrainer()
        }
        conn.lost.invokeOnCompletion(session)
    }

    /**
     * [session]'s connection ended (on the transport's thread, or at once if it already had): it stops taking
     * operations, and unless its run was stopped, a coroutine settles what was in flight and reconnects.
     */
    private fun onSessionEnd(session: LiveSession) {
        val conn = session.conn
        val run = session.run
        val connectedAt = session.connectedAt

        @OptIn(ExperimentalCoroutinesApi::class)
        val cause = conn.lost.getCompleted()
        if (live === session) live = null
        val sessionJob = session.end()
        if (!run.job.isActive) {
            sessionJob?.cancel()
            return
        }
        run.launchLoop {
            sessionJob?.cancelAndJoin()
            settleDirectPublishes(cause)
            if (connection === conn) connection = null
            conn.closeNow()
            onConnectionLost(cause)
            emit { LifecycleEvent.Disconnection(cause, cause.reasonCode, null) }
            if (connectedAt.elapsedNow() >= config.reconnect.stableConnection) run.backoff.reset()
            val wait = run.backoff.next()
            stateFlow.value = ConnectionState.WaitingToReconnect(cause, wait.inWholeMilliseconds)
            delay(wait)
            connectionLoop(run)
        }
    }

    private suspend fun restoreSubscriptions(conn: MqttConnection, toRestore: List<Subscription>) {
        toRestore.chunked(batchSize()).forEach { batch ->
            val outcomes = conn.subscribe(batch)
            registry.markConfirmed(outcomes.filter { it.isSuccess }.map { it.filter }, true)
            val refused = outcomes.filter { !it.isSuccess }
            if (refused.isNotEmpty()) {
                registry.failFilters(
                    refused.map {
                        it.filter
                    },
                    SubscribeRejectedException(outcomes),
                )
            }
        }
    }

    /** Starts the live session's queue drainer if something is queued and it is not running. */
    private fun kickDrainer() {
        val session = live ?: return
        if (queue.size == 0 || !session.tryStartDraining()) return
        // an ended session leaves the flag set: the next session has its own
        val sessionScope = session.scope() ?: return
        sessionScope.launch { drain(session, sessionScope) }
    }

    /**
     * Sends queued operations on [session]'s connection, each once a window slot is free, until the queue is empty.
     * An operation leaves the queue only with a slot in hand, so a cancellation while waiting loses nothing.
     */
    private suspend fun drain(session: LiveSession, sessionScope: CoroutineScope) {
        while (true) {
            // acquiring a free slot does not suspend, so check for the session's end here: an operation whose
            // connection
            // is gone is requeued at once, and this loop must not take it again
            currentCoroutineContext().ensureActive()
            if (session.conn.lost.isCompleted) return
            session.acquire()
            val op = queue.poll()
            if (op == null) {
                session.release()
                session.draining = 0
                // something queued after the poll saw the flag still set: carry on for it
                if (queue.size == 0 || !session.tryStartDraining()) return
                continue
            }
            if (op is Operation.Publish && session.limiter != null) {
                try {
                    session.limiter.acquire(op.size)
                } catch (e: CancellationException) {
                    queue.requeueFront(listOf(op))
                    session.release()
                    throw e
                }
            }
            synchronized(queue) { (inflightList ?: ArrayList<Operation<*>>().also { inflightList = it }).add(op) }
            op.sent = true
            sessionScope.launch(start = CoroutineStart.UNDISPATCHED) {
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
                    synchronized(queue) { inflightList?.remove(op) }
                    session.release()
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
            is Operation.Subscribe ->
                op.restorable ||
                    config.offlineQueue.behavior == QueueBehavior.FAIL_QOS0_PUBLISH_ON_DISCONNECT
            is Operation.Unsubscribe ->
                op.restorable ||
                    config.offlineQueue.behavior == QueueBehavior.FAIL_QOS0_PUBLISH_ON_DISCONNECT
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
        failed.forEach {
            it.fail(ConnectionLostException("The connection was lost and the queue behaviour is $behavior", cause))
        }
    }

    private fun failAllPending(error: () -> Throwable) {
        val pending = queue.removeAll { true } + inflight() + unsettledDirect()
        pending.forEach { it.fail(error()) }
    }

    private fun batchSize(): Int =
        if (config.awsIotLimits) AwsIotLimits.MAX_SUBSCRIPTIONS_PER_SUBSCRIBE else Int.MAX_VALUE

    // ---- operations ------------------------------------------------------------------------------------------

    override suspend fun publish(message: MqttMessage): PublishResult {
        ensureOpen()
        validation.checkTopicName(message.topic)
        validation.checkPayload(message.payload.size)
        if (message.topic.startsWith("\$") && message.retain && config.awsIotLimits) {
            throw InvalidTopicException(
                "AWS IoT does not allow retained messages on reserved topic '${message.topic}'",
            )
        }
        val session = live
        // MQTT's receive maximum counts QoS 1 publishes only: a QoS 0 one takes no slot of the window
        if (session != null &&
            directPublishAllowed &&
            queue.size == 0 &&
            (message.qos == Qos.AT_MOST_ONCE || session.tryAcquire())
        ) {
            return publishDirect(session, message)
        }
        return submit(Operation.Publish(message), "publish to '${message.topic}'")
    }

    /** Without flow control or queue draining, a publish may skip the queue when the connection has room. */
    private val directPublishAllowed = config.flowControl == null && config.offlineQueue.drainInterval == null

    /**
     * The fast path: connected, nothing queued, and for QoS 1 a free in-flight slot ([session]'s window, already
     * taken). The message goes to the connection from the caller's coroutine, and its outcome is settled by a callback
     * on the transport's thread: no queue hand-off, no coroutine, no timer per publish (the client's sweeper,
     * [startSweeper], enforces the operation timeout). If the connection goes away first, [settleDirectPublishes] hands
     * the operation to the queue exactly as the send loop would (QoS 1 sent again after the reconnect).
     */
    private suspend fun publishDirect(session: LiveSession, message: MqttMessage): PublishResult {
        val op = Operation.Publish(message)
        op.sent = true
        val timeout = config.operationTimeout
        val list = direct
        if (timeout != null) op.deadlineNanos = clockNanos() + timeout.inWholeNanoseconds
        list.add(op)
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
            if (op.isSettled) list.remove(op)
        }
    }

    /** Fast-path publishes still in flight (none, without making [direct], if there never was one). */
    private fun unsettledDirect(): List<Operation.Publish> =
        directList?.snapshot()?.filter { !it.isSettled } ?: emptyList()

    /** Called after settling [op]: once its caller returned too, nothing needs it in [direct] any more. */
    private fun forget(op: Operation.Publish) {
        if (op.abandoned) direct.remove(op)
    }

    /**
     * Nanoseconds of [timeSource] since the first fast-path publish: the clock of [Operation.Publish.deadlineNanos].
     */
    private fun clockNanos(): Long = clockBase!!.elapsedNow().inWholeNanoseconds

    /**
     * Fast-path publishes until both their caller returned and they are settled ([Operation.Publish.settle]): in flight
     * until settled, then possibly back in the queue; the sweeper enforces the deadlines of all of them.
     */
    private val direct: PublishList
        get() = directList ?: synchronized(this) {
            directList ?: PublishList().also {
                clockBase = timeSource.markNow()
                directList = it
            }
        }

    /** [direct], made by the first fast-path publish (or anything that looks at it). */
    @Volatile private var directList: PublishList? = null

    /** The start of [clockNanos], set with [directList]. */
    @Volatile private var clockBase: TimeMark? = null

    @Volatile private var sweeping = 0

    /**
     * One coroutine per client enforces the fast path's operation timeout, ticking at a tenth of it (10 ms to 500 ms)
     * while [direct] holds anything, and stopping when it is empty.
     */
    private fun startSweeper() {
        if (sweeping != 0 || !SWEEPING.compareAndSet(this, 0, 1)) return
        val tick = (config.operationTimeout!! / 10).coerceIn(SWEEP_MIN, SWEEP_MAX)
        scope.launch {
            while (true) {
                delay(tick)
                expireDirectPublishes()
                if (direct.size == 0) {
                    sweeping = 0
                    // a publish that arrived meanwhile saw the flag still set: keep going for it
                    if (direct.size == 0 || !SWEEPING.compareAndSet(this@DefaultIotMqttClient, 0, 1)) return@launch
                }
            }
        }
    }

    private fun onDirectPublishDone(
        session: LiveSession,
        op: Operation.Publish,
        result: PublishResult?,
        error: Throwable?,
    ) {
        if (!op.settle()) return
        forget(op)
        if (op.isQos1) session.release()
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
        for (op in directList?.snapshot() ?: return) {
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
        val ops = directList?.snapshot() ?: return
        val now = clockNanos()
        for (op in ops) {
            if (op.isDone || now < op.deadlineNanos) continue
            val topic = op.message.topic
            op.fail(
                OperationTimeoutException(
                    "No acknowledgement for publish to '$topic' within ${config.operationTimeout} (state: " +
                        "${state.value})",
                ),
            )
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
                    scope.launch {
                        runCatching { submit(Operation.Unsubscribe(gone, restorable = true), "unsubscribe") }
                    }
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
            if (code >= 0x80) throw UnsubscribeRejectedException(gone[i], code)
        }
    }

    private suspend fun <T> submit(op: Operation<T>, what: String, timeout: Duration? = config.operationTimeout): T {
        queue.offer(op)
        kickDrainer()
        try {
            if (timeout == null) return op.await()
            return withTimeoutOrNull(timeout) { op.await() }
                ?: throw OperationTimeoutException(
                    "No acknowledgement for $what within $timeout (state: ${state.value})",
                )
                    .also {
                        op.fail(it)
                        queue.remove(op)
                    }
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
        if (routerBacklog != 0) {
            enqueue(Pending(p, null, true))
            return
        }
        var missed: ArrayList<Collector>? = null
        for (c in registry.matching(p.message.topic)) {
            val sent = c.channel.trySend(p.message)
            if (sent.isFailure && !sent.isClosed) (missed ?: ArrayList<Collector>(1).also { missed = it }).add(c)
        }
        val toAll = allMessages?.tryEmit(p.message) == false
        if (missed == null && !toAll) {
            runCatching { p.acknowledge() }
            return
        }
        enqueue(Pending(p, missed ?: emptyList(), toAll))
    }

    private fun enqueue(item: Pending) {
        ROUTER_BACKLOG.incrementAndGet(this)
        if (routerChannel().trySend(item).isFailure) {
            ROUTER_BACKLOG.decrementAndGet(this)
            DROPPED_INCOMING.incrementAndGet(this)
            if (item.publish.message.qos == Qos.AT_MOST_ONCE) item.publish.acknowledge()
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
            if (item.toAll) allMessages?.emit(message)
            runCatching { item.publish.acknowledge() }
            ROUTER_BACKLOG.decrementAndGet(this)
        }
    }

    // ---- misc ------------------------------------------------------------------------------------------------

    override fun statistics(): OperationStatistics {
        val unacked = inflight() + unsettledDirect()
        val count = unacked.size.toLong()
        val bytes = unacked.sumOf { it.size.toLong() }
        return OperationStatistics(
            incompleteOperationCount = queue.size + count,
            incompleteOperationSize = queue.bytes() + bytes,
            unackedOperationCount = count,
            unackedOperationSize = bytes,
            droppedByOverflow = queue.droppedByOverflow,
            droppedIncoming = droppedIncoming,
        )
    }

    override fun asJava(executor: Executor?): IotMqttClientJava = IotMqttClientJava(this, executor)

    override fun toString(): String =
        "IotMqttClient(${config.clientId} -> ${config.endpoint}:${config.port}, ${state.value})"

    private companion object {
        val LOOP_NAME = CoroutineName("iotsdk-connection-loop")
        val DRAINING: AtomicIntegerFieldUpdater<LiveSession> =
            AtomicIntegerFieldUpdater.newUpdater(LiveSession::class.java, "draining")
        val ROUTER_BACKLOG: AtomicIntegerFieldUpdater<DefaultIotMqttClient> =
            AtomicIntegerFieldUpdater.newUpdater(DefaultIotMqttClient::class.java, "routerBacklog")
        val DROPPED_INCOMING: AtomicLongFieldUpdater<DefaultIotMqttClient> =
            AtomicLongFieldUpdater.newUpdater(DefaultIotMqttClient::class.java, "droppedIncoming")
        val SWEEPING: AtomicIntegerFieldUpdater<DefaultIotMqttClient> =
            AtomicIntegerFieldUpdater.newUpdater(DefaultIotMqttClient::class.java, "sweeping")
        const val QOS0_BUFFER = 1024
        const val MAX_INFLIGHT = 256
        val SWEEP_MIN = 10.milliseconds
        val SWEEP_MAX = 500.milliseconds
    }
}
