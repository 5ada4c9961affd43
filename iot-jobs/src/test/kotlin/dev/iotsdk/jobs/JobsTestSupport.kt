package dev.iotsdk.jobs

import dev.iotsdk.common.Jitter
import dev.iotsdk.core.ConnectionState
import dev.iotsdk.core.ConnectionType
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.ReconnectPolicy
import dev.iotsdk.emulator.IotEmulator
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.withTimeout
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

val FAST_RECONNECT =
    ReconnectPolicy(
        baseDelay = 20.milliseconds,
        maxDelay = 200.milliseconds,
        jitter = Jitter.FULL,
        stableConnection = 1.seconds,
    )

/** A client on the emulator's plain port (anonymous; the default policy allows the jobs topics). */
fun IotEmulator.plainClient(id: String): IotMqttClient = IotMqttClient {
    endpoint = this@plainClient.endpoint
    port = requireNotNull(plainPort) { "the emulator's plain port is off" }
    connectionType = ConnectionType.Tcp()
    clientId = id
    reconnect = FAST_RECONNECT
}

suspend fun IotMqttClient.awaitConnected(timeout: Duration = 10.seconds) {
    withTimeout(timeout) { state.first { it is ConnectionState.Connected } }
}

/** Polls [condition] (emulator state has no event to await) until it holds or [timeout] passes. */
suspend fun eventually(timeout: Duration = 20.seconds, what: String, condition: () -> Boolean) {
    val deadline = System.nanoTime() + timeout.inWholeNanoseconds
    while (!condition()) {
        if (System.nanoTime() > deadline) throw AssertionError("timed out after $timeout waiting for $what")
        delay(10)
    }
}
