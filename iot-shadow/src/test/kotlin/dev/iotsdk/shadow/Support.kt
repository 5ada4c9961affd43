package dev.iotsdk.shadow

import dev.iotsdk.common.Jitter
import dev.iotsdk.core.ConnectionType
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.ReconnectPolicy
import dev.iotsdk.emulator.IotEmulator
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

val FAST_RECONNECT =
    ReconnectPolicy(
        baseDelay = 20.milliseconds,
        maxDelay = 200.milliseconds,
        jitter = Jitter.FULL,
        stableConnection = 1.seconds,
    )

fun IotEmulator.plainClient(id: String): IotMqttClient = IotMqttClient {
    endpoint = this@plainClient.endpoint
    port = requireNotNull(plainPort) { "the emulator's plain port is off" }
    connectionType = ConnectionType.Tcp()
    clientId = id
    reconnect = FAST_RECONNECT
}
