package dev.iotsdk.core.it

import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.common.Jitter
import dev.iotsdk.core.ConnectionState
import dev.iotsdk.core.ConnectionType
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.IotMqttClientConfig
import dev.iotsdk.core.ReconnectPolicy
import dev.iotsdk.emulator.AuthorizerResult
import dev.iotsdk.emulator.DeviceIdentity
import dev.iotsdk.emulator.IotEmulator
import dev.iotsdk.emulator.mosquitto.MosquittoBroker
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.withTimeout
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/** Fast reconnects for tests. */
val FAST_RECONNECT =
    ReconnectPolicy(
        baseDelay = 20.milliseconds,
        maxDelay = 200.milliseconds,
        jitter = Jitter.FULL,
        stableConnection = 1.seconds,
    )

fun IotEmulator.mtlsClient(
    device: DeviceIdentity,
    alpn: Boolean = false,
    block: IotMqttClientConfig.Builder.() -> Unit = {
    },
): IotMqttClient = IotMqttClient {
    endpoint = this@mtlsClient.endpoint
    port = if (alpn) port443 else mqttPort
    connectionType =
        ConnectionType.MutualTls(TlsIdentity.fromPem(device.certificatePem, device.privateKeyPem), alpn)
    trust = TrustMaterial.fromPem(caCertificatePem)
    clientId = device.thingName
    reconnect = FAST_RECONNECT
    block()
}

fun IotEmulator.plainClient(
    id: String,
    block: IotMqttClientConfig.Builder.() -> Unit = {
    },
): IotMqttClient = IotMqttClient {
    endpoint = this@plainClient.endpoint
    port = requireNotNull(plainPort) { "the emulator's plain port is off" }
    connectionType = ConnectionType.Tcp()
    clientId = id
    reconnect = FAST_RECONNECT
    block()
}

/** A plain-TCP client of [MosquittoBroker] without AWS IoT's limits. */
fun MosquittoBroker.tcpClient(
    id: String,
    block: IotMqttClientConfig.Builder.() -> Unit = {
    },
): IotMqttClient = IotMqttClient {
    endpoint = this@tcpClient.host
    port = plainPort
    connectionType = ConnectionType.Tcp()
    clientId = id
    awsIotLimits = false
    reconnect = FAST_RECONNECT
    block()
}

suspend fun IotMqttClient.awaitConnected(timeout: Duration = 10.seconds) {
    withTimeout(timeout) { state.first { it is ConnectionState.Connected } }
}

/** Polls [condition] until it holds or [timeout] passes (for counters that have no event to await). */
suspend fun eventually(
    timeout: Duration = 20.seconds,
    what: String = "condition",
    detail: () -> String = { "" },
    condition: () -> Boolean,
) {
    val deadline = System.nanoTime() + timeout.inWholeNanoseconds
    while (!condition()) {
        if (System.nanoTime() > deadline) throw AssertionError("timed out after $timeout waiting for $what ${detail()}")
        delay(10)
    }
}

/** A custom authorizer's answer that allows every action to [principal] when [authenticated]. */
fun allowEverything(principal: String, authenticated: Boolean = true): AuthorizerResult = AuthorizerResult(
    isAuthenticated = authenticated,
    principalId = principal,
    policyDocuments = listOf(
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:*","Resource":"*"}]}""",
    ),
)
