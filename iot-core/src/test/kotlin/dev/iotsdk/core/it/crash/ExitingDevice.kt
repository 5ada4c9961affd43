package dev.iotsdk.core.it.crash

import dev.iotsdk.core.Acknowledgement
import dev.iotsdk.core.ConnectionState
import dev.iotsdk.core.ConnectionType
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.MqttVersion
import dev.iotsdk.core.Qos
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlin.time.Duration.Companion.hours
import kotlin.time.Duration.Companion.seconds

/**
 * The device process [ProcessExitTest] runs: on a persistent session (one hour) it receives through an automatic and
 * a manual subscription, loses its connection (another client takes its client id over), reconnects, receives again,
 * closes its clients and returns from `main`; it prints `DONE` just before. Arguments: broker port, MQTT version,
 * and the scenario: `takeover` that one, `unacked` a QoS 1 publish whose connection drops before its PUBACK (against
 * [DroppingBroker]), after which the device closes its client while it reconnects.
 */
fun main(args: Array<String>) = runBlocking {
    val (port, version, scenario) = args
    val id = "exiting-device-$version"
    fun client(id: String) = IotMqttClient {
        endpoint = "127.0.0.1"
        this.port = port.toInt()
        connectionType = ConnectionType.Tcp()
        clientId = id
        mqttVersion = MqttVersion.valueOf(version)
        cleanStart = false
        sessionExpiry = 1.hours
    }
    withTimeout(60.seconds) {
        if (scenario == "unacked") {
            client(id).use { device ->
                device.connect()
                launch {
                    runCatching { device.publish(MqttMessage.text("exit/$version/unacked", "u", Qos.AT_LEAST_ONCE)) }
                }
                device.state.first { it !is ConnectionState.Connected }
            }
            return@withTimeout
        }
        client(id).use { device ->
            device.connect()
            val auto = device.openSubscription("exit/$version/auto")
            val manual = device.openSubscription("exit/$version/manual", acknowledgement = Acknowledgement.MANUAL)
            suspend fun roundTrip(n: Int) {
                device.publish(MqttMessage.text("exit/$version/auto", "a$n", Qos.AT_LEAST_ONCE))
                device.publish(MqttMessage.text("exit/$version/manual", "m$n", Qos.AT_LEAST_ONCE))
                auto.messages.first()
                manual.messages.first().acknowledge()
            }
            roundTrip(0)
            // a takeover: the broker drops the device's connection, which reconnects on its session
            client(id).use { it.connect() }
            device.state.first { it is ConnectionState.Connected }
            roundTrip(1)
        }
    }
    println("DONE")
}
