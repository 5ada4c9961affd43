package dev.iotsdk.core.internal

import dev.iotsdk.common.IotClientException
import dev.iotsdk.common.IotSdkException
import dev.iotsdk.core.AwsIotLimits
import dev.iotsdk.core.ConnectionClosedException
import dev.iotsdk.core.ConnectionLostException
import dev.iotsdk.core.OperationTimeoutException
import dev.iotsdk.core.QueueBehavior
import dev.iotsdk.core.internal.transport.MqttConnection
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.delay
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeoutOrNull
import kotlin.time.Duration

/**
 * The queued path of operations: [submit] puts one in the bounded offline queue, and a drainer sends queued operations
 * into the live session's connection with a bounded in-flight window; when a connection ends, the queue behaviour
 * decides what waits for the next one ([onInterrupted], [onConnectionLost]).
 */
internal class OperationSender(private val client: DefaultIotMqttClient) {
    private val config get() = client.config
    private val queue get() = client.queue

    /** Queued operations the drainer sent and that are not acknowledged yet (fast-path publishes are elsewhere). */
    private var inflightList: ArrayList<Operation<*>>? = null

    /** A copy of [inflightList]; it and the list are guarded by [queue]'s lock (the list is made on first use). */
    fun inflight(): List<Operation<*>> = synchronized(queue) { inflightList?.toList() ?: emptyList() }

    suspend fun <T> submit(op: Operation<T>, what: String, timeout: Duration? = config.operationTimeout): T {
        queue.offer(op, connected = client.live != null)
        kickDrainer()
        try {
            if (timeout == null) return op.await()
            return withTimeoutOrNull(timeout) { op.await() }
                ?: throw OperationTimeoutException(
                    "No acknowledgement for $what within $timeout (state: ${client.state.value})",
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

    /** Starts the live session's queue drainer if something is queued and it is not running. */
    fun kickDrainer() {
        val session = client.live ?: return
        client.durable?.onSession(session)
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
            if (session.conn.lost.isDone) return
            session.acquire()
            val op = queue.poll()
            if (op == null) {
                session.release()
                session.draining = 0
                // something queued after the poll saw the flag still set: carry on for it
                if (queue.size == 0 || !session.tryStartDraining()) return
                continue
            }
            throttle(session, op)
            synchronized(queue) { (inflightList ?: ArrayList<Operation<*>>().also { inflightList = it }).add(op) }
            op.sent = true
            sessionScope.launch(start = CoroutineStart.UNDISPATCHED) {
                try {
                    runCatching { execute(session.conn, op) }.exceptionOrNull()?.let { onExecuteFailed(op, it) }
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

    /**
     * Waits for [session]'s rate limiter (flow control), if any, to let [op] go. A cancellation puts it back at the
     * queue's head and gives its slot back.
     */
    private suspend fun throttle(session: LiveSession, op: Operation<*>) {
        if (op !is Operation.Publish || session.limiter == null) return
        try {
            session.limiter.acquire(op.size)
        } catch (e: CancellationException) {
            queue.requeueFront(listOf(op))
            session.release()
            throw e
        }
    }

    /** What becomes of [op] when sending it threw [e] (rethrown if it is a cancellation or an [Error]). */
    private fun onExecuteFailed(op: Operation<*>, e: Throwable) {
        when (e) {
            is CancellationException -> {
                onInterrupted(op, ConnectionClosedException("The connection was lost"))
                throw e
            }
            is ConnectionClosedException -> onInterrupted(op, e)
            is IotSdkException -> op.fail(e)
            is Exception -> op.fail(IotClientException("The operation failed: ${e.message}", e))
            else -> throw e
        }
    }

    private suspend fun execute(conn: MqttConnection, op: Operation<*>) {
        when (op) {
            is Operation.Publish -> op.complete(conn.publish(op.message))
            is Operation.Subscribe -> {
                val outcomes = op.subscriptions.chunked(batchSize()).flatMap { conn.subscribe(it) }
                client.registry.markSubscribed(outcomes.filter { it.isSuccess }.map { it.filter })
                op.complete(outcomes)
            }
            is Operation.Unsubscribe -> op.complete(conn.unsubscribe(op.filters))
        }
    }

    /** An in-flight operation whose connection went away: unacknowledged QoS 1 publishes are always sent again. */
    fun onInterrupted(op: Operation<*>, cause: ConnectionClosedException) {
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
    fun onConnectionLost(cause: ConnectionClosedException) {
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
        // offline, the capacity holds again
        queue.trimToCapacity()
    }

    /** Fails everything queued or in flight (fast-path publishes included) with [error]. */
    fun failAllPending(error: () -> Throwable) {
        val pending = queue.removeAll { true } + inflight() + client.fastPath.unsettled()
        pending.forEach { it.fail(error()) }
    }

    fun batchSize(): Int = if (config.awsIotLimits) AwsIotLimits.MAX_SUBSCRIPTIONS_PER_SUBSCRIBE else Int.MAX_VALUE
}
