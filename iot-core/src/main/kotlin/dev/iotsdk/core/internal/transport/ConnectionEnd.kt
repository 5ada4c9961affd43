package dev.iotsdk.core.internal.transport

import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedListener
import dev.iotsdk.core.ConnectionClosedException
import dev.iotsdk.core.internal.OneShot

/**
 * The end of one connection, with why it ended: completed once, by HiveMQ's disconnected listener (this object
 * itself), and watched by one listener, the session's. Lighter than a `CompletableDeferred` with a completion handler
 * and a listener lambda (one object instead of three; a client at scale has one per connection).
 *
 * ```kotlin
 * val end = ConnectionEnd()
 * builder.addDisconnectedListener(end)
 * end.invokeOnDone { cause, _ -> println("ended: ${cause?.message}") }
 * ```
 */
internal class ConnectionEnd :
    OneShot<ConnectionClosedException>(),
    MqttClientDisconnectedListener {
    override fun onDisconnected(context: MqttClientDisconnectedContext) {
        complete(ErrorMapping.connectionLost(context.cause))
    }

    /** Why the connection ended; only once it has ([isDone]). */
    val cause: ConnectionClosedException
        get() = checkNotNull(valueOrNull) { "the connection has not ended" }
}
