package dev.iotsdk.core

/** The SUBACK outcome for one filter of a SUBSCRIBE. */
public class SubscribeOutcome(
    /** The filter as subscribed. */
    public val filter: String,
    /** The granted QoS, or `null` when the broker refused the filter (see [reasonCode]). */
    public val grantedQos: Qos?,
    /** The SUBACK reason code: 0 or 1 on success (the granted QoS), 0x80 and up on failure. */
    public val reasonCode: Int,
) {
    /** Whether the broker accepted this filter. */
    public val isSuccess: Boolean get() = reasonCode < 0x80

    override fun toString(): String = "SubscribeOutcome($filter, reason=0x${reasonCode.toString(16)})"
}
