package dev.iotsdk.core.internal

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.IotSdkException
import dev.iotsdk.core.ConnectFailedException
import dev.iotsdk.core.ConnectionLostException
import dev.iotsdk.core.ConnectionState
import dev.iotsdk.core.LifecycleEvent
import dev.iotsdk.core.SubscribeRejectedException
import dev.iotsdk.core.Subscription
import dev.iotsdk.core.internal.transport.Connector
import dev.iotsdk.core.internal.transport.MqttConnection
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.delay
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.withTimeout
import kotlin.time.TimeMark
import kotlin.time.TimeSource

/**
 * The client's connection loop: attempts with backoff, session restore, and the start of a [LiveSession]; the
 * session's end ([onSessionEnd]) starts it again. No coroutine runs while a session is up.
 */
@OptIn(InternalIotSdkApi::class)
internal class ConnectionLoop(
    private val client: DefaultIotMqttClient,
    private val timeSource: TimeSource,
    private val connector: Connector,
) {
    private val config get() = client.config
    private val log get() = client.connectionLog

    /** The client's scope, in which sessions make theirs. */
    val clientScope: CoroutineScope get() = client.scope

    /**
     * Connects [run], with retries and backoff, and starts a session on the connection; returns once the session is
     * up (its connection's end starts the loop again, [onSessionEnd]) or the run gave up.
     */
    suspend fun loop(run: ClientRun) {
        while (true) {
            currentCoroutineContext().ensureActive()
            val conn = attempt(run).getOrElse { if (onAttemptFailed(it as IotSdkException, run)) return else null }
                ?: continue
            run.everConnected = true
            client.connection = conn
            if (!conn.settings.sessionPresent) client.registry.markAllUnconfirmed()
            client.stateFlow.value = ConnectionState.Connected(conn.settings)
            log.connected(conn.settings)
            client.emit { LifecycleEvent.ConnectionSuccess(conn.settings) }
            // connect() returns as soon as the broker accepted us, even if the connection drops right after
            run.first.complete(conn.settings)
            val connectedAt = timeSource.markNow()
            val toRestore = client.registry.toRestore(conn.settings.sessionPresent)
            if (toRestore.isNotEmpty()) {
                try {
                    restoreSubscriptions(conn, toRestore)
                } catch (_: IotSdkException) {
                    // the connection failed under us; `lost` completes and the loop reconnects
                    conn.closeNow()
                }
            }
            startSession(run, conn, connectedAt)
            return
        }
    }

    /** One connection attempt of [run]: the connection, or the [IotSdkException] it failed with. */
    private suspend fun attempt(run: ClientRun): Result<MqttConnection> {
        val attempt = run.nextAttempt
        client.stateFlow.value = ConnectionState.Connecting(attempt)
        client.emit { LifecycleEvent.AttemptingConnect(attempt, config.endpoint, config.port) }
        log.attempting(attempt)
        return try {
            Result.success(withTimeout(config.connectTimeout * 2) { connector.connect() })
        } catch (e: TimeoutCancellationException) {
            Result.failure(
                ConnectFailedException(
                    "Connecting to ${config.endpoint}:${config.port} timed out",
                    e,
                    isRetryable = true,
                ),
            )
        } catch (e: IotSdkException) {
            Result.failure(e)
        }
    }

    /** Returns true when the loop must stop. */
    private suspend fun onAttemptFailed(e: IotSdkException, run: ClientRun): Boolean {
        client.emit { LifecycleEvent.ConnectionFailure(e) }
        val exhausted = config.reconnect.maxAttempts?.let { run.nextAttempt >= it } ?: false
        if ((!run.everConnected && !e.isRetryable) || exhausted) {
            log.attemptFailed(run.nextAttempt, e, null)
            run.first.fail(e)
            client.stateFlow.value = ConnectionState.Disconnected
            client.sender.failAllPending { ConnectionLostException("Could not connect: ${e.message}", e) }
            if (client.run === run) client.run = null
            run.job.complete()
            client.emit { LifecycleEvent.Stopped }
            return true
        }
        val failedAttempt = run.nextAttempt
        val wait = run.backoff.next()
        log.attemptFailed(failedAttempt, e, wait.inWholeMilliseconds)
        client.stateFlow.value = ConnectionState.WaitingToReconnect(e, wait.inWholeMilliseconds)
        delay(wait)
        return false
    }

    /**
     * Makes the connection (its subscriptions restored) live, so operations drain into it, and returns: from here on
     * the connection's end, not a waiting coroutine, starts what comes next ([onSessionEnd]).
     */
    private fun startSession(run: ClientRun, conn: MqttConnection, connectedAt: TimeMark) {
        // the broker's receive maximum, as MQTT 5 says (a lower cap sent the rest of a larger window through the queue)
        val permits = conn.settings.serverReceiveMaximum.coerceIn(1, MAX_RECEIVE_MAXIMUM)
        val limiter = config.flowControl?.let { RateLimiter(it) }
        val session = LiveSession(conn, run, connectedAt, permits, limiter, client.queue.size, this)
        if (!conn.lost.isDone) {
            client.live = session
            client.sender.kickDrainer()
        }
        conn.lost.invokeOnDone(session)
    }

    /**
     * [session]'s connection ended (on the transport's thread, or at once if it already had): it stops taking
     * operations, and unless its run was stopped, a coroutine settles what was in flight and reconnects.
     */
    fun onSessionEnd(session: LiveSession) {
        val conn = session.conn
        val run = session.run
        val connectedAt = session.connectedAt

        val cause = conn.lost.cause
        if (client.live === session) client.live = null
        val sessionJob = session.end()
        if (!run.job.isActive) {
            sessionJob?.cancel()
            return
        }
        run.launchLoop {
            sessionJob?.cancelAndJoin()
            client.fastPath.settleDirectPublishes(cause)
            if (client.connection === conn) client.connection = null
            conn.closeNow()
            client.sender.onConnectionLost(cause)
            client.emit { LifecycleEvent.Disconnection(cause, cause.reasonCode, null) }
            if (connectedAt.elapsedNow() >= config.reconnect.stableConnection) run.backoff.reset()
            val wait = run.backoff.next()
            log.lost(cause, wait.inWholeMilliseconds)
            client.stateFlow.value = ConnectionState.WaitingToReconnect(cause, wait.inWholeMilliseconds)
            delay(wait)
            loop(run)
        }
    }

    private suspend fun restoreSubscriptions(conn: MqttConnection, toRestore: List<Subscription>) {
        toRestore.chunked(client.sender.batchSize()).forEach { batch ->
            val outcomes = conn.subscribe(batch)
            client.registry.markSubscribed(outcomes.filter { it.isSuccess }.map { it.filter })
            val refused = outcomes.filter { !it.isSuccess }
            if (refused.isNotEmpty()) {
                client.registry.failFilters(
                    refused.map {
                        it.filter
                    },
                    SubscribeRejectedException(outcomes),
                )
            }
        }
    }

    private companion object {
        /** The largest receive maximum MQTT 5 can express (and the window without one, or on MQTT 3.1.1). */
        const val MAX_RECEIVE_MAXIMUM = 65_535
    }
}
