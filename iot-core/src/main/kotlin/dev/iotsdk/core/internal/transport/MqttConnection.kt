package dev.iotsdk.core.internal.transport

import dev.iotsdk.core.ConnectionClosedException
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.NegotiatedSettings
import dev.iotsdk.core.PublishResult
import dev.iotsdk.core.SubscribeOutcome
import dev.iotsdk.core.Subscription
import kotlinx.coroutines.Deferred

/** A message that arrived, with the hook that acknowledges it to the broker once it is handed over. */
internal class IncomingPublish(val message: MqttMessage, val acknowledge: () -> Unit)

/**
 * One established MQTT connection (one HiveMQ client instance; the SDK makes a new one per attempt so it owns
 * reconnects and re-signs WebSocket URLs). Failures are thrown as iotsdk exceptions.
 */
internal interface MqttConnection {
    val settings: NegotiatedSettings

    /** Completes when this connection ends, for whatever reason. */
    val lost: Deferred<ConnectionClosedException>

    suspend fun publish(message: MqttMessage): PublishResult

    suspend fun subscribe(subscriptions: List<Subscription>): List<SubscribeOutcome>

    /** Returns each filter's UNSUBACK reason code (0 on MQTT 3.1.1). */
    suspend fun unsubscribe(filters: List<String>): List<Int>

    /** Sends DISCONNECT and closes. */
    suspend fun disconnect()

    /** Sends DISCONNECT without waiting and releases the transport once it is written (for `close()`). */
    fun closeNow()
}
