package dev.iotsdk.core.internal.durable

import dev.iotsdk.core.ClientClosedException
import dev.iotsdk.core.DurableQueue
import dev.iotsdk.core.DurableQueueIoException
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.PublishResult
import dev.iotsdk.core.Qos
import dev.iotsdk.core.internal.LiveSession
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.isActive
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import java.io.IOException

/**
 * A client's durable queue: [publish] stores a QoS 1 message in the [DurableLog] (forced as [DurableQueue.fsync] says)
 * and returns; the [DurableSender] delivers it on each live session. Opening it locks the directory and recovers
 * what a previous process left (see [DurableLog.open]).
 */
internal class DurableOutbox(private val config: DurableQueue, private val scope: CoroutineScope) {
    private val log: DurableLog = try {
        DurableLog.open(config)
    } catch (e: IOException) {
        throw DurableQueueIoException("Could not open the durable queue in ${config.directory}: ${e.javaClass.name}", e)
    }
    private val sender = DurableSender(log)

    @Volatile private var closed = false

    init {
        val interval = config.fsync.interval
        if (interval != null) {
            scope.launch(Dispatchers.IO) {
                while (isActive) {
                    delay(interval)
                    runCatching { log.syncAll() }
                }
            }
        }
    }

    val size: Int get() = log.size
    val bytes: Long get() = log.bytes
    val dropped: Long get() = log.dropped
    val skipped: Long get() = log.skipped

    /** Stores [message] (QoS 1); returns once it is written and, for [dev.iotsdk.core.FsyncPolicy.EVERY_MESSAGE], forced. */
    suspend fun publish(message: MqttMessage): PublishResult {
        withContext(Dispatchers.IO) {
            try {
                val seq = log.append(message)
                if (config.fsync.interval == null) log.sync(seq)
            } catch (e: IOException) {
                throw storeFailure(message, e)
            } catch (e: IllegalStateException) {
                throw storeFailure(message, e)
            }
        }
        return PublishResult(Qos.AT_LEAST_ONCE, null)
    }

    /** What to throw when storing [message] failed with [e]: the client closed meanwhile, or an I/O failure. */
    private fun storeFailure(message: MqttMessage, e: Exception): Exception = when {
        closed -> ClientClosedException()
        e is IOException -> DurableQueueIoException(
            "Could not store the publish to '${message.topic}' in the durable queue: ${e.javaClass.name}",
            e,
        )
        else -> e
    }

    /** A session is live: deliver on it. */
    fun onSession(session: LiveSession) {
        val sessionScope = session.scope() ?: return
        sender.start(session, CoroutineScope(sessionScope.coroutineContext + Dispatchers.IO))
    }

    fun close() {
        closed = true
        log.close()
    }
}
