package dev.iotsdk.dataplane

/** One entry of ListRetainedMessages: the topic and the size, QoS and time of its retained message (no payload). */
public class RetainedMessageSummary internal constructor(
    /** The topic. */
    public val topic: String,
    /** The payload size in bytes. */
    public val payloadSize: Long,
    /** The QoS. */
    public val qos: Int,
    /** When it was stored, epoch milliseconds. */
    public val lastModifiedTime: Long,
) {
    override fun toString(): String = "RetainedMessageSummary(topic=$topic, payloadSize=$payloadSize, qos=$qos)"
}
