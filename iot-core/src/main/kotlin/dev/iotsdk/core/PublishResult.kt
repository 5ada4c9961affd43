package dev.iotsdk.core

/**
 * The outcome of a successful publish. For QoS 0 it only says the message was handed to the network;
 * for QoS 1 it carries the PUBACK's reason.
 */
public class PublishResult(
    /** The QoS the message was sent with. */
    public val qos: Qos,
    /** The PUBACK reason code (0 = success, 16 = no matching subscribers); `null` for QoS 0 and MQTT 3.1.1. */
    public val reasonCode: Int?,
    /** The PUBACK reason string, if the broker sent one. */
    public val reasonString: String? = null,
) {
    override fun toString(): String = "PublishResult(qos=$qos, reasonCode=$reasonCode)"
}
