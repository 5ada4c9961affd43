package dev.iotsdk.core.it

import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.MqttMessage
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.withTimeout
import kotlin.time.Duration.Companion.seconds

/**
 * Subscribes to [topic] and publishes [payload] to it until it comes back (the SUBSCRIBE is acknowledged before the
 * flow delivers). iot-core's tests cannot use iot-test's `roundTrip` (iot-test depends on iot-core), hence this copy.
 */
suspend fun roundTrip(client: IotMqttClient, topic: String, payload: String = "hello") = coroutineScope {
    val received = async { client.subscribe(topic).first() }
    withTimeout(10.seconds) {
        while (!received.isCompleted) {
            client.publish(MqttMessage.text(topic, payload))
            delay(50)
        }
    }
    received.await().payloadAsString() shouldBe payload
}
