@file:JvmName("ClientAwaits")

package dev.iotsdk.test

import dev.iotsdk.core.ConnectionState
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.NegotiatedSettings
import dev.iotsdk.core.Qos
import dev.iotsdk.core.SubscribeRejectedException
import dev.iotsdk.core.Subscription
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeoutOrNull
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

/**
 * Waits until the client's [IotMqttClient.state] satisfies [predicate] and returns that state; throws [AssertionError]
 * after [timeout].
 *
 * ```kotlin
 * emulator.disconnectClient("sensor-1")
 * client.awaitState { it is ConnectionState.WaitingToReconnect }
 * ```
 */
public suspend fun IotMqttClient.awaitState(
    timeout: Duration = 10.seconds,
    predicate: (ConnectionState) -> Boolean,
): ConnectionState = withTimeoutOrNull(timeout) { state.first(predicate) }
    ?: throw AssertionError("the client's state did not get there within $timeout; it is ${state.value}")

/**
 * Waits until the client is connected (it may already be) and returns what the broker negotiated; throws
 * [AssertionError] after [timeout]. For a client whose `connect()` runs elsewhere, or after a forced disconnect.
 *
 * ```kotlin
 * launch { device.run() }            // connects the client it was given
 * client.awaitConnected()
 * ```
 */
public suspend fun IotMqttClient.awaitConnected(timeout: Duration = 10.seconds): NegotiatedSettings =
    (awaitState(timeout) { it is ConnectionState.Connected } as ConnectionState.Connected).settings

/**
 * Proves the connection carries messages both ways: subscribes to [topic] (waiting for the SUBACK), publishes [payload]
 * to it, and returns the message once it comes back; then unsubscribes (unless a flow of the caller's still holds the
 * filter). The client must be connected, and allowed to publish and subscribe to [topic].
 *
 * ```kotlin
 * emulator.mtlsClient(device).use { client ->
 *     client.connect()
 *     client.roundTrip("devices/${device.thingName}/echo")
 * }
 * ```
 *
 * @throws SubscribeRejectedException when the broker refuses the subscription.
 * @throws AssertionError when the message does not come back within [timeout].
 */
public suspend fun IotMqttClient.roundTrip(
    topic: String,
    payload: String = "ping",
    qos: Qos = Qos.AT_LEAST_ONCE,
    timeout: Duration = 10.seconds,
): MqttMessage = coroutineScope {
    val received = async(start = CoroutineStart.UNDISPATCHED) {
        withTimeoutOrNull(timeout) { messages.first { it.topic == topic && it.payloadAsString() == payload } }
    }
    try {
        val outcomes = subscribeAll(listOf(Subscription(topic, qos)))
        if (outcomes.any { !it.isSuccess }) throw SubscribeRejectedException(outcomes)
        publish(MqttMessage.text(topic, payload, qos))
        received.await() ?: throw AssertionError("'$payload' published to '$topic' did not come back within $timeout")
    } finally {
        received.cancel()
        withContext(NonCancellable) { runCatching { unsubscribe(listOf(topic)) } }
    }
}
