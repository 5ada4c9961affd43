package dev.iotsdk.core.internal.durable

import dev.iotsdk.common.IotSdkException
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.PublishRejectedException
import dev.iotsdk.core.internal.LiveSession
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.launch
import kotlinx.coroutines.sync.Semaphore
import java.util.concurrent.atomic.AtomicLong

/**
 * Sends a [DurableLog]'s records on live sessions: one round per session, from the oldest undelivered record on, in
 * sequence order (so per-topic order holds, and after a reconnect unacknowledged records go again first, as MQTT
 * resends them), each once a window as large as the broker's receive maximum (and the rate limiter) has room; a PUBACK
 * removes the record.
 * A round ends with its session; the next session's round starts again from the oldest undelivered record.
 */
internal class DurableSender(private val log: DurableLog) {
    /** The session whose round runs (or ran); guarded by this. */
    private var roundOf: LiveSession? = null

    /** Records the broker refused (PUBACK error): delivered, not retried. */
    val refused = AtomicLong()

    /** Starts [session]'s round in [scope] (the session's scope) unless it runs already. */
    fun start(session: LiveSession, scope: CoroutineScope) {
        synchronized(this) {
            if (roundOf === session) return
            roundOf = session
        }
        scope.launch { round(session, scope) }
    }

    private suspend fun round(session: LiveSession, scope: CoroutineScope) {
        // a window of its own, as large as the broker's receive maximum: the session's window admits one waiter at a
        // time, which is the offline queue's drainer (with a durable queue every QoS 1 publish is sent here)
        val window = Semaphore(session.conn.settings.serverReceiveMaximum.coerceIn(1, MAX_INFLIGHT))
        var after = -1L
        while (true) {
            currentCoroutineContext().ensureActive()
            if (session.conn.lost.isDone) return
            val entry = nextEntry(after)
            after = entry.seq
            window.acquire()
            val message = try {
                log.read(entry)
            } catch (e: java.io.IOException) {
                window.release()
                throw e
            }
            if (message == null) {
                // delivered or dropped meanwhile
                window.release()
            } else {
                session.limiter?.acquire(message.payload.size)
                scope.launch(start = CoroutineStart.UNDISPATCHED) { send(session, window, entry, message) }
            }
        }
    }

    /** The oldest undelivered record after [after], waiting for one to be appended if there is none. */
    private suspend fun nextEntry(after: Long): DurableLog.Entry {
        var from = after
        while (true) {
            val newest = log.lastSeq.value
            log.next(from)?.let { return it }
            from = maxOf(from, newest)
            log.lastSeq.first { it > from }
        }
    }

    /** Publishes [entry]'s [message] on [session]; its PUBACK (or refusal) removes the record. */
    private suspend fun send(session: LiveSession, window: Semaphore, entry: DurableLog.Entry, message: MqttMessage) {
        try {
            session.conn.publish(message)
            log.ack(entry.seq)
        } catch (_: PublishRejectedException) {
            // refused by the broker (PUBACK error): sending it again cannot help
            refused.incrementAndGet()
            log.ack(entry.seq)
        } catch (_: IotSdkException) {
            // the connection went away (or the client closed): the next round, or process, sends it again
        } finally {
            window.release()
        }
    }

    private companion object {
        /** The most records in flight on one connection (the client's own limit for its window). */
        const val MAX_INFLIGHT = 256
    }
}
