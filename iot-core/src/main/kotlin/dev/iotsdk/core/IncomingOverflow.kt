package dev.iotsdk.core

/**
 * What a subscription does when its collector falls behind and its buffer is full: [IotMqttClientConfig.subscriberBufferBytes]
 * (64 MiB by default, so a burst of 100,000 small messages fits) for any message, and for QoS 1 messages also
 * [IotMqttClientConfig.subscriberBufferSize] (64). Whatever is chosen, one subscription's overflow never delays or drops another subscription's
 * messages, and a QoS 1 message is never dropped.
 *
 * | | QoS 0 message, buffer full | QoS 1 message, buffer full | the rest of the connection |
 * |---|---|---|---|
 * | [DROP_QOS0] (default) | dropped for this subscription, counted in [MqttSubscription.droppedMessages] and [OperationStatistics.droppedIncoming] | buffered and acknowledged up to [IotMqttClientConfig.receiveMaximum] more messages; beyond that held unacknowledged until the collector makes room, then delivered and acknowledged | unaffected while the QoS 1 overflow fits; once an acknowledgement is held, MQTT's in-order PUBACKs and the broker's receive maximum pause QoS 1 delivery on the connection until the collector catches up, then it resumes by itself |
 * | [SLOW_CONNECTION] | held like QoS 1 (up to `receiveMaximum + 1024` messages; MQTT has no flow control for QoS 0, so beyond that it is dropped and counted) | held as with [DROP_QOS0] | while this subscription holds any message, the acknowledgement of every incoming QoS 1 message is held too, so the broker's receive maximum slows the whole connection until the collector catches up |
 *
 * ```kotlin
 * val sub = client.openSubscription("telemetry/#", Qos.AT_MOST_ONCE, overflow = IncomingOverflow.SLOW_CONNECTION)
 * ```
 */
public enum class IncomingOverflow {
    /** QoS 0 overflow is dropped (and counted) for this subscription only; QoS 1 waits unacknowledged. */
    DROP_QOS0,

    /** Nothing this subscription receives is dropped while it fits the limits above: the whole connection slows. */
    SLOW_CONNECTION,
}
