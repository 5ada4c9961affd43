@file:OptIn(InternalIotSdkApi::class)

package dev.iotsdk.core.internal.requestresponse

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.LifecycleEvent
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.internal.TopicMatcher
import dev.iotsdk.core.internal.requestresponse.StreamingOperation
import dev.iotsdk.core.internal.requestresponse.SubscriptionEvent
import dev.iotsdk.core.internal.requestresponse.SubscriptionStatus
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.channels.BufferOverflow
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.MutableSharedFlow
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.SharedFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asSharedFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.filter
import kotlinx.coroutines.launch

/**
 * A stream on one filter: holds a shared subscription from [subscriptions] and tracks its status through the
 * client's lifecycle events (the client itself restores subscriptions after a reconnect).
 */
internal class DefaultStreamingOperation(
    private val client: IotMqttClient,
    scope: CoroutineScope,
    subscriptions: SubscriptionManager,
    override val filter: String,
) : StreamingOperation {
    private val statusFlow = MutableStateFlow<SubscriptionStatus>(SubscriptionStatus.Subscribing)
    private val eventFlow =
        MutableSharedFlow<SubscriptionEvent>(extraBufferCapacity = 16, onBufferOverflow = BufferOverflow.DROP_OLDEST)
    private val lock = Any()

    override val status: StateFlow<SubscriptionStatus> = statusFlow.asStateFlow()
    override val events: SharedFlow<SubscriptionEvent> = eventFlow.asSharedFlow()
    override val messages: Flow<MqttMessage> = client.messages.filter { TopicMatcher.matches(filter, it.topic) }

    private val job = scope.launch(start = CoroutineStart.UNDISPATCHED) {
        val watcher = launch(start = CoroutineStart.UNDISPATCHED) { client.events.collect { onLifecycle(it) } }
        var lease: SubscriptionManager.Lease? = null
        try {
            lease = subscriptions.acquire(listOf(filter))
            transition(SubscriptionEvent.Established) { it === SubscriptionStatus.Subscribing }
            awaitCancellation()
        } catch (e: CancellationException) {
            throw e
        } catch (e: Exception) {
            watcher.cancel()
            set(SubscriptionStatus.SubscriptionHalted(e), SubscriptionEvent.Halted(e))
        } finally {
            lease?.release()
            synchronized(lock) {
                if (statusFlow.value !is SubscriptionStatus.SubscriptionHalted) {
                    statusFlow.value =
                        SubscriptionStatus.Closed
                }
            }
        }
    }

    private fun onLifecycle(event: LifecycleEvent) {
        when (event) {
            is LifecycleEvent.Disconnection, LifecycleEvent.Stopped ->
                synchronized(lock) {
                    if (statusFlow.value === SubscriptionStatus.Subscribed) {
                        set(SubscriptionStatus.SubscriptionLost, SubscriptionEvent.Lost)
                    }
                }
            is LifecycleEvent.ConnectionSuccess ->
                synchronized(lock) {
                    if (statusFlow.value === SubscriptionStatus.SubscriptionLost) {
                        val signal = if (event.settings.sessionPresent) {
                            SubscriptionEvent.Resumed
                        } else {
                            SubscriptionEvent.Resubscribed
                        }
                        set(SubscriptionStatus.Subscribed, signal)
                    }
                }
            else -> Unit
        }
    }

    /** Moves to Subscribed with [event] when [allowed] holds for the current status. */
    private fun transition(event: SubscriptionEvent, allowed: (SubscriptionStatus) -> Boolean) = synchronized(lock) {
        if (allowed(statusFlow.value)) set(SubscriptionStatus.Subscribed, event)
    }

    private fun set(status: SubscriptionStatus, event: SubscriptionEvent) = synchronized(lock) {
        statusFlow.value = status
        eventFlow.tryEmit(event)
    }

    override fun close() {
        job.cancel()
    }
}
