package dev.iotsdk.core

/**
 * When a subscription's QoS 1 messages are acknowledged to the broker (their PUBACK), chosen per subscription with
 * [IotMqttClient.openSubscription].
 *
 * | mode | PUBACK sent | after a crash |
 * |---|---|---|
 * | [AUTOMATIC] (default) | when the message is in the subscription's buffer | a buffered message not yet processed is lost (the broker had its PUBACK) |
 * | [MANUAL] | when the application calls [MqttMessage.acknowledge] | with `cleanStart = false`, the broker sends every message not acknowledged again after the reconnect |
 *
 * With [MANUAL], unacknowledged messages count against the receive maximum, and MQTT acknowledges in order: a
 * message left unacknowledged stops further QoS 1 delivery on the connection once `receiveMaximum` messages wait.
 * Closing the subscription acknowledges what it still holds; closing the client (or losing the connection) does not.
 *
 * ```kotlin
 * client.openSubscription("orders/#", acknowledgement = Acknowledgement.MANUAL).use { sub ->
 *     sub.messages.collect { message ->
 *         store(message)          // processed...
 *         message.acknowledge()   // ...then acknowledged
 *     }
 * }
 * ```
 */
public enum class Acknowledgement {
    /** The SDK acknowledges each QoS 1 message as soon as it is buffered for the subscription. */
    AUTOMATIC,

    /** The application acknowledges each QoS 1 message with [MqttMessage.acknowledge] once it has processed it. */
    MANUAL,
}
