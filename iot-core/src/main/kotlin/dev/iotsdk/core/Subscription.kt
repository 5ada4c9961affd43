package dev.iotsdk.core

/**
 * One topic filter with its options, for [IotMqttClient.subscribe].
 *
 * Shared subscriptions use the `$share/<group>/<filter>` form; AWS IoT supports them on MQTT 3.1.1 and 5.
 */
public class Subscription @JvmOverloads constructor(
    /** The topic filter; `+` and `#` wildcards allowed. */
    public val filter: String,
    /** The maximum QoS to receive with. */
    public val qos: Qos = Qos.AT_LEAST_ONCE,
    /** MQTT 5: do not receive the messages this client publishes itself. */
    public val noLocal: Boolean = false,
    /** MQTT 5: when retained messages are sent for this subscription. */
    public val retainHandling: RetainHandling = RetainHandling.SEND,
    /** MQTT 5: keep the retain flag as published instead of clearing it on live delivery. */
    public val retainAsPublished: Boolean = false,
) {
    override fun toString(): String = "Subscription($filter, $qos)"
}
