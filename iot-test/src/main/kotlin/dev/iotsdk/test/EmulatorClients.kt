@file:JvmName("EmulatorClients")

package dev.iotsdk.test

import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.core.ConnectionType
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.IotMqttClientConfig
import dev.iotsdk.core.ReconnectPolicy
import dev.iotsdk.emulator.DeviceIdentity
import dev.iotsdk.emulator.IotEmulator
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/**
 * The reconnect policy of the clients made here: 20 ms growing to 200 ms, full jitter, stable after 1 s, so tests that
 * cut connections reconnect in milliseconds instead of the default policy's seconds.
 *
 * ```kotlin
 * val client = IotMqttClient { /* … */ reconnect = FAST_RECONNECT }
 * ```
 */
@JvmField
public val FAST_RECONNECT: ReconnectPolicy =
    ReconnectPolicy(baseDelay = 20.milliseconds, maxDelay = 200.milliseconds, stableConnection = 1.seconds)

/**
 * The configuration of a client on the emulator's plain-TCP port (anonymous; the emulator's default policy applies)
 * with [clientId] and [FAST_RECONNECT], to adjust before `build()`.
 *
 * ```java
 * IotMqttClient client = IotMqttClient.create(
 *     EmulatorClients.plainClientConfig(emulator, "sensor-1").mqttVersion(MqttVersion.MQTT_3_1_1).build());
 * ```
 *
 * @throws IllegalArgumentException when the emulator's plain port is off.
 */
public fun IotEmulator.plainClientConfig(clientId: String): IotMqttClientConfig.Builder =
    IotMqttClientConfig.builder().apply {
        endpoint = this@plainClientConfig.endpoint
        port = requireNotNull(plainPort) { "the emulator's plain port is off (IotEmulatorConfig.enablePlainPort)" }
        connectionType = ConnectionType.Tcp()
        this.clientId = clientId
        reconnect = FAST_RECONNECT
    }

/**
 * A client on the emulator's plain-TCP port ([plainClientConfig]), [configure]d further; it does not connect yet.
 *
 * ```kotlin
 * emulator.plainClient("sensor-1") { keepAlive = 60.seconds }.use { client -> client.connect() }
 * ```
 * ```java
 * try (IotMqttClient client = EmulatorClients.plainClient(emulator, "sensor-1")) { client.asJava().connect().join(); }
 * ```
 */
@JvmOverloads
public fun IotEmulator.plainClient(
    clientId: String,
    configure: IotMqttClientConfig.Builder.() -> Unit = {},
): IotMqttClient = IotMqttClient.create(plainClientConfig(clientId).apply(configure).build())

/**
 * The configuration of a client that connects as [device] over mutual TLS, trusting the emulator's CA, with the thing
 * name as client id and [FAST_RECONNECT]: on the 8883-style port, or with [alpn] on the 443 port with ALPN
 * `x-amzn-mqtt-ca`.
 *
 * ```java
 * IotMqttClientConfig config = EmulatorClients.mtlsClientConfig(emulator, device, false).keepAlive(Duration.ofSeconds(60)).build();
 * ```
 */
@JvmOverloads
public fun IotEmulator.mtlsClientConfig(device: DeviceIdentity, alpn: Boolean = false): IotMqttClientConfig.Builder =
    IotMqttClientConfig.builder().apply {
        endpoint = this@mtlsClientConfig.endpoint
        port = if (alpn) port443 else mqttPort
        connectionType =
            ConnectionType.MutualTls(TlsIdentity.fromPem(device.certificatePem, device.privateKeyPem), alpn)
        trust = TrustMaterial.fromPem(caCertificatePem)
        clientId = device.thingName
        reconnect = FAST_RECONNECT
    }

/**
 * A client that connects as [device] over mutual TLS ([mtlsClientConfig]), [configure]d further; it does not connect
 * yet.
 *
 * ```kotlin
 * val device = emulator.registerThing("sensor-1")
 * emulator.mtlsClient(device, alpn = true).use { client -> client.connect() }
 * ```
 * ```java
 * IotMqttClient client = EmulatorClients.mtlsClient(emulator, emulator.registerThing("sensor-1"));
 * ```
 */
@JvmOverloads
public fun IotEmulator.mtlsClient(
    device: DeviceIdentity,
    alpn: Boolean = false,
    configure: IotMqttClientConfig.Builder.() -> Unit = {},
): IotMqttClient = IotMqttClient.create(mtlsClientConfig(device, alpn).apply(configure).build())
