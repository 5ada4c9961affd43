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

/**
 * Counters of the operations the client holds, like the AWS v2 SDKs' operation statistics.
 *
 * *Incomplete* operations were submitted but have not completed (queued offline or in flight); *unacked* ones were
 * sent and await their acknowledgement.
 */
public class OperationStatistics(
    /** Operations submitted and not yet completed. */
    public val incompleteOperationCount: Long,
    /** Payload bytes of [incompleteOperationCount]. */
    public val incompleteOperationSize: Long,
    /** Operations sent and awaiting an acknowledgement. */
    public val unackedOperationCount: Long,
    /** Payload bytes of [unackedOperationCount]. */
    public val unackedOperationSize: Long,
    /** Operations failed because the offline queue overflowed, since the client was created. */
    public val droppedByOverflow: Long,
    /** Incoming QoS 0 messages dropped because subscribers did not keep up, since the client was created. */
    public val droppedIncoming: Long,
) {
    override fun toString(): String =
        "OperationStatistics(incomplete=$incompleteOperationCount/$incompleteOperationSize B, " +
            "unacked=$unackedOperationCount/$unackedOperationSize B, droppedByOverflow=$droppedByOverflow, " +
            "droppedIncoming=$droppedIncoming)"
}
