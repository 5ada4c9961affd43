package dev.iotsdk.core.internal

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.internal.Backoff
import dev.iotsdk.core.IotMqttClientConfig
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
internal class ClientRun(private val scope: CoroutineScope, config: IotMqttClientConfig) {
    val first = OneShot<NegotiatedSettings>()
    val job: CompletableJob = Job(scope.coroutineContext.job)
    val backoff = config.reconnect.let { Backoff(it.baseDelay, it.maxDelay, it.jitter) }
    var everConnected = false

    /** Runs [block] as this run's connection loop: one at a time, while no session is up. */
    fun launchLoop(block: suspend CoroutineScope.() -> Unit) {
        scope.launch(job + LOOP_NAME, block = block)
    }

    private companion object {
        val LOOP_NAME = CoroutineName("iotsdk-connection-loop")
    }
}
