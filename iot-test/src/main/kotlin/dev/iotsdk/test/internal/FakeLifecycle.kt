package dev.iotsdk.test.internal

import dev.iotsdk.common.IotSdkException
import dev.iotsdk.core.ClientClosedException
import dev.iotsdk.core.ConnectionLostException
import dev.iotsdk.core.ConnectionState
import dev.iotsdk.core.IotMqttClientConfig
import dev.iotsdk.core.LifecycleEvent
import dev.iotsdk.core.NegotiatedSettings
import dev.iotsdk.core.Qos
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.channels.BufferOverflow
import kotlinx.coroutines.flow.MutableSharedFlow
import kotlinx.coroutines.flow.MutableStateFlow

/**
 * The fake's connection: the same [ConnectionState] transitions and [LifecycleEvent]s, in the same order, as the real
 * client's connection loop, driven by calls instead of a socket. Operations wait in [awaitConnected] while there is no
 * connection, as the real client's offline queue holds them. Thread-safe.
 */
internal class FakeLifecycle(private val config: IotMqttClientConfig) {
    val state = MutableStateFlow<ConnectionState>(ConnectionState.Disconnected)
    val events =
        MutableSharedFlow<LifecycleEvent>(extraBufferCapacity = 256, onBufferOverflow = BufferOverflow.DROP_OLDEST)

    /** Completed while connected; failed for the operations waiting when the client disconnects or closes. */
    private var gate = CompletableDeferred<Unit>()
    private var connectFailure: IotSdkException? = null
    private var attempt = 0

    val isClosed: Boolean get() = state.value === ConnectionState.Closed
    val isConnected: Boolean get() = state.value is ConnectionState.Connected

    @Synchronized
    fun failNextConnect(error: IotSdkException) {
        connectFailure = error
    }

    /** A connect: the settings, or the failure [failNextConnect] set (then the client is stopped, as for a non-retryable one). */
    @Synchronized
    fun connect(): NegotiatedSettings {
        if (isClosed) throw ClientClosedException()
        (state.value as? ConnectionState.Connected)?.let { return it.settings }
        attempt = 0
        attempting()
        connectFailure?.let { error ->
            connectFailure = null
            events.tryEmit(LifecycleEvent.ConnectionFailure(error))
            state.value = ConnectionState.Disconnected
            events.tryEmit(LifecycleEvent.Stopped)
            throw error
        }
        return connected(sessionPresent = false)
    }

    /**
     * The connection drops; the client backs off (for the policy's base delay here) and reconnects. The real client
     * counts the lost connection as the first step of a new backoff cycle, so its first reconnect attempt is number 2.
     */
    @Synchronized
    fun lose(cause: IotSdkException, reasonCode: Int?) {
        check(isConnected) { "the fake is not connected (state ${state.value}); connect() first" }
        gate = CompletableDeferred()
        attempt = 1
        events.tryEmit(LifecycleEvent.Disconnection(cause, reasonCode, null))
        waitToReconnect(cause)
    }

    /** A reconnect attempt after [lose] fails with [cause] (a retryable failure: the client keeps trying). */
    @Synchronized
    fun failReconnect(cause: IotSdkException) {
        checkWaiting()
        attempting()
        events.tryEmit(LifecycleEvent.ConnectionFailure(cause))
        waitToReconnect(cause)
    }

    /** The client reconnects after [lose]. */
    @Synchronized
    fun reconnect(sessionPresent: Boolean): NegotiatedSettings {
        checkWaiting()
        attempting()
        return connected(sessionPresent)
    }

    @Synchronized
    fun disconnect() {
        if (isClosed) return
        fail(ConnectionLostException("The client disconnected before the operation completed"))
        state.value = ConnectionState.Disconnected
        events.tryEmit(LifecycleEvent.Stopped)
    }

    @Synchronized
    fun close(): Boolean {
        if (isClosed) return false
        fail(ClientClosedException())
        state.value = ConnectionState.Closed
        events.tryEmit(LifecycleEvent.Stopped)
        return true
    }

    /** Returns once connected; throws what [disconnect] or [close] failed the waiting operations with. */
    suspend fun awaitConnected() {
        while (true) {
            val current = synchronized(this) { if (isClosed) throw ClientClosedException() else gate }
            current.await()
            if (isConnected) return
        }
    }

    private fun checkWaiting() = check(state.value is ConnectionState.WaitingToReconnect) {
        "the fake is not waiting to reconnect (state ${state.value}); call simulateConnectionLost() first"
    }

    private fun waitToReconnect(cause: IotSdkException) {
        state.value = ConnectionState.WaitingToReconnect(cause, config.reconnect.baseDelay.inWholeMilliseconds)
    }

    private fun attempting() {
        attempt++
        state.value = ConnectionState.Connecting(attempt)
        events.tryEmit(LifecycleEvent.AttemptingConnect(attempt, config.endpoint, config.port))
    }

    private fun connected(sessionPresent: Boolean): NegotiatedSettings {
        val settings = settings(sessionPresent)
        state.value = ConnectionState.Connected(settings)
        events.tryEmit(LifecycleEvent.ConnectionSuccess(settings))
        gate.complete(Unit)
        return settings
    }

    private fun fail(cause: Throwable) {
        val waiting = gate
        gate = CompletableDeferred()
        if (!waiting.isCompleted) waiting.completeExceptionally(cause)
        if (cause is ClientClosedException) gate.completeExceptionally(cause)
    }

    private fun settings(sessionPresent: Boolean) = NegotiatedSettings(
        sessionPresent = sessionPresent,
        clientId = config.clientId,
        keepAliveSeconds = config.keepAlive.inWholeSeconds.toInt(),
        sessionExpirySeconds = config.sessionExpiry.inWholeSeconds,
        maximumQos = Qos.AT_LEAST_ONCE.code,
        retainAvailable = true,
        serverReceiveMaximum = 100,
        maximumPacketSize = 128L * 1024,
        sharedSubscriptionsAvailable = true,
        wildcardSubscriptionsAvailable = true,
        mqttVersion = config.mqttVersion,
    )
}
