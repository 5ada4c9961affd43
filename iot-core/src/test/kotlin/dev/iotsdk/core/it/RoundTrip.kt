package dev.iotsdk.core.it

import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.MqttMessage
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.withTimeout
import kotlin.time.Duration.Companion.seconds

/**
 * Subscribes to [topic] (returning after the SUBACK), publishes [payload] to it once and awaits it. iot-core's tests
 * cannot use iot-test's `roundTrip` (iot-test depends on iot-core), hence this copy.
 */
suspend fun roundTrip(client: IotMqttClient, topic: String, payload: String = "hello") {
    client.openSubscription(topic).use { sub ->
        client.publish(MqttMessage.text(topic, payload))
        withTimeout(10.seconds) { sub.messages.first() }.payloadAsString() shouldBe payload
    }
}
