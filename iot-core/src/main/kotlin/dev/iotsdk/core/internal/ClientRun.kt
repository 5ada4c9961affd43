package dev.iotsdk.core.internal

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.internal.Backoff
import dev.iotsdk.core.NegotiatedSettings
import kotlinx.coroutines.CompletableJob
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.job
import kotlinx.coroutines.launch

/**
 * One run of the client, from `connect()` to `disconnect()`, `close()` or giving up: the waiter of its first
 * connection, its backoff, and the [job] its connection loop and its sessions' operations run under (cancelled to stop
 * it all).
 */
@OptIn(InternalIotSdkApi::class)
internal class ClientRun(private val client: DefaultIotMqttClient) {
    val first = OneShot<NegotiatedSettings>()
    val job: CompletableJob = Job(client.scope.coroutineContext.job)
    private var backoffOrNull: Backoff? = null

    /** The run's backoff, made on first use: a run whose first attempt succeeds and stays up never needs one. */
    val backoff: Backoff
        get() = backoffOrNull ?: client.config.reconnect.let { Backoff(it.baseDelay, it.maxDelay, it.jitter) }
            .also { backoffOrNull = it }

    /** The number of the next attempt (1 for the first), without making the backoff. */
    val nextAttempt: Int get() = (backoffOrNull?.attempt ?: 0) + 1
    var everConnected = false

    /** Runs [block] as this run's connection loop: one at a time, while no session is up. */
    fun launchLoop(block: suspend CoroutineScope.() -> Unit) {
        client.scope.launch(job + LOOP_NAME, block = block)
    }

    private companion object {
        val LOOP_NAME = CoroutineName("iotsdk-connection-loop")
    }
}
