package dev.iotsdk.core.internal

import dev.iotsdk.common.IotClientException
import dev.iotsdk.common.IotSdkException
import dev.iotsdk.core.ClientClosedException
import dev.iotsdk.core.ConnectionClosedException
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.OperationTimeoutException
import dev.iotsdk.core.PublishResult
import dev.iotsdk.core.Qos
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.TimeMark
import kotlin.time.TimeSource

/**
 * The fast path of publishing: connected, nothing queued, and for QoS 1 a free in-flight slot. The message goes to the
 * connection from the caller's coroutine, and its outcome is settled by a callback on the transport's thread: no queue
 * hand-off, no coroutine, no timer per publish (one sweeper per client, [startSweeper], enforces the operation
 * timeout). If the connection goes away first, [settleDirectPublishes] hands the operation to the queue exactly as the
 * send loop would (QoS 1 sent again after the reconnect).
 */
internal class FastPublisher(private val client: DefaultIotMqttClient, private val timeSource: TimeSource) {
    // getters, not fields: a client at scale pays for every field of its parts
    private val config get() = client.config

    /** Without flow control or queue draining, a publish may skip the queue when the connection has room. */
    private val allowed get() = config.flowControl == null && config.offlineQueue.drainInterval == null

    /**
     * True if [message] may take the fast path on [session] (nothing queued; for QoS 1 a window slot, taken here).
     * MQTT's receive maximum counts QoS 1 publishes only: a QoS 0 one takes no slot of the window.
     */
    fun mayTake(session: LiveSession, message: MqttMessage): Boolean =
        allowed && client.queue.size == 0 && (message.qos == Qos.AT_MOST_ONCE || session.tryAcquire())

    /** Publishes [message] on [session], whose window slot (for QoS 1) the caller already took. */
    suspend fun publish(session: LiveSession, message: MqttMessage): PublishResult {
        val op = send(session, message)
        try {
            return op.await()
        } catch (e: CancellationException) {
            client.queue.remove(op)
            throw e
        } finally {
            callerDone(op)
        }
    }

    /**
     * [publish] for a caller that does not suspend (the Java view): [onDone] gets the outcome once, on the thread that
     * settles it (the transport's, or the send loop's after a reconnect).
     */
    fun publish(session: LiveSession, message: MqttMessage, onDone: (PublishResult?, Throwable?) -> Unit) {
        send(session, message).let { op ->
            op.invokeOnDone { result, error ->
                callerDone(op)
                onDone(result, error)
            }
        }
    }

    /** Sends [message] on [session] as a fast-path publish, listed in [direct] until its caller is done with it. */
    private fun send(session: LiveSession, message: MqttMessage): Operation.Publish {
        val op = Operation.Publish(message)
        op.sent = true
        val timeout = config.operationTimeout
        val list = direct
        if (timeout != null) op.deadlineNanos = clockNanos() + timeout.inWholeNanoseconds
        list.add(op)
        if (timeout != null) startSweeper()
        session.conn.publish(message) { result, error -> onDirectPublishDone(session, op, result, error) }
        // lost before the transport took it: its callback may never come
        if (session.conn.lost.isDone) settleDirectPublishes(ConnectionClosedException("The connection was lost"))
        return op
    }

    /** [op]'s caller is gone; one still in flight stays until it is settled (see [forget]). */
    private fun callerDone(op: Operation.Publish) {
        op.abandoned = true
        if (op.isSettled) direct.remove(op)
    }

    /** Fast-path publishes still in flight (none, without making [direct], if there never was one). */
    fun unsettled(): List<Operation.Publish> = directList?.snapshot()?.filter { !it.isSettled } ?: emptyList()

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
        client.scope.launch {
            while (true) {
                delay(tick)
                expireDirectPublishes()
                if (direct.size == 0) {
                    sweeping = 0
                    // a publish that arrived meanwhile saw the flag still set: keep going for it
                    if (direct.size == 0 || !SWEEPING.compareAndSet(this@FastPublisher, 0, 1)) return@launch
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
            client.closed -> op.fail(ClientClosedException())
            error is ConnectionClosedException -> client.sender.onInterrupted(op, error)
            error is IotSdkException -> op.fail(error)
            else -> op.fail(IotClientException("The operation failed: ${error.message}", error))
        }
    }

    /** The connection of the fast-path publishes still in flight is gone: each goes where the send loop's would. */
    fun settleDirectPublishes(cause: ConnectionClosedException) {
        for (op in directList?.snapshot() ?: return) {
            if (!op.settle()) continue
            forget(op)
            if (client.closed) op.fail(ClientClosedException()) else client.sender.onInterrupted(op, cause)
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
                        "${client.state.value})",
                ),
            )
            client.queue.remove(op)
        }
    }

    private companion object {
        val SWEEPING: AtomicIntegerFieldUpdater<FastPublisher> =
            AtomicIntegerFieldUpdater.newUpdater(FastPublisher::class.java, "sweeping")
        val SWEEP_MIN = 10.milliseconds
        val SWEEP_MAX = 500.milliseconds
    }
}
