package dev.iotsdk.core

import dev.iotsdk.core.internal.AckReasons

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

    /**
     * The reason code's MQTT 5 name, e.g. `GRANTED_QOS_1` or `NOT_AUTHORIZED` (`UNKNOWN` for a code MQTT does not
     * define).
     *
     * ```kotlin
     * outcomes.filterNot { it.isSuccess }.forEach { println("${it.filter}: ${it.reasonName}") }
     * ```
     */
    public val reasonName: String get() = AckReasons.suback(reasonCode)

    override fun toString(): String = "SubscribeOutcome($filter, ${AckReasons.describe(reasonName, reasonCode)})"
}
