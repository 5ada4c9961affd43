package dev.iotsdk.core

import kotlinx.coroutines.flow.Flow

/**
 * An active subscription, from [IotMqttClient.openSubscription]: the broker acknowledged it (SUBACK), and [messages]
 * holds every matching message that arrived since, buffered until collected. [close] stops it and sends UNSUBSCRIBE
 * for the filters no other subscription of the client uses. It survives reconnects like every subscription.
 *
 * ```kotlin
 * client.openSubscription("commands/sensor-1").use { sub ->
 *     client.publish(MqttMessage.text("commands/sensor-1", "ping")) // received: the SUBACK came first
 *     println(sub.messages.first().payloadAsString())
 * }
 * ```
 *
 * ```java
 * MqttSubscription sub = client.openSubscription("commands/sensor-1", Qos.AT_LEAST_ONCE, msg -> handle(msg), null)
 *         .join(); // completes on the SUBACK
 * sub.close();
 * ```
 *
 * Flow control is per subscription ([IncomingOverflow]): a collector that falls behind affects no other one.
 */
public interface MqttSubscription : AutoCloseable {
    /** What was subscribed. */
    public val subscriptions: List<Subscription>

    /** The broker's answer for each filter (all successful: a refusal makes `openSubscription` throw). */
    public val outcomes: List<SubscribeOutcome>

    /**
     * The messages of this subscription, in arrival order, from the SUBACK on. Collect it from one collector at a time
     * (each message goes to one collector); the flow ends when the subscription is closed and fails with
     * [SubscribeRejectedException] if the broker refuses it when the client restores it after a reconnect.
     */
    public val messages: Flow<MqttMessage>

    /** QoS 0 messages this subscription dropped because its collector did not keep up ([IncomingOverflow.DROP_QOS0]). */
    public val droppedMessages: Long

    /** Stops the subscription: [messages] ends, held messages are acknowledged, and UNSUBSCRIBE is sent if unused. */
    override fun close()
}
