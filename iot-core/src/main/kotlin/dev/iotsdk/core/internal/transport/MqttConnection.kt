package dev.iotsdk.core.internal.transport

import dev.iotsdk.core.ConnectionClosedException
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.NegotiatedSettings
import dev.iotsdk.core.PublishRejectedException
import dev.iotsdk.core.PublishResult
import dev.iotsdk.core.SubscribeOutcome
import dev.iotsdk.core.Subscription
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException

/** Makes one connection per attempt: the client's connection loop calls it; tests script it. */
internal fun interface Connector {
    suspend fun connect(): MqttConnection
}

/** A message that arrived, with the hook that acknowledges it to the broker once it is handed over. */
internal class IncomingPublish(val message: MqttMessage, val acknowledge: () -> Unit)

/** Receives a publish's outcome: exactly one of `result` and `error` is non-null. */
internal fun interface PublishCallback {
    fun onDone(result: PublishResult?, error: Throwable?)
}

/**
 * One established MQTT connection (one HiveMQ client instance; the SDK makes a new one per attempt so it owns
 * reconnects and re-signs WebSocket URLs). Failures are thrown as iotsdk exceptions.
 */
internal interface MqttConnection {
    val settings: NegotiatedSettings

    /** Completes when this connection ends, for whatever reason. */
    val lost: ConnectionEnd

    suspend fun publish(message: MqttMessage): PublishResult = suspendCancellableCoroutine { cont ->
        publish(message) { result, error ->
            if (error ==
                null
            ) {
                cont.resume(result!!)
            } else {
                cont.resumeWithException(error)
            }
        }
    }

    /**
     * Sends [message] and calls [done] once, on the transport's thread (never inside this call's caller frame for
     * an acknowledged QoS 1 message), with the result or the iotsdk exception: [PublishRejectedException] for a
     * refusing PUBACK, [ConnectionClosedException] when the connection went away.
     */
    fun publish(message: MqttMessage, done: PublishCallback)

    suspend fun subscribe(subscriptions: List<Subscription>): List<SubscribeOutcome>

    /** Returns each filter's UNSUBACK reason code (0 on MQTT 3.1.1). */
    suspend fun unsubscribe(filters: List<String>): List<Int>

    /** Sends DISCONNECT and closes. */
    suspend fun disconnect()

    /** Sends DISCONNECT without waiting and releases the transport once it is written (for `close()`). */
    fun closeNow()
}
