package dev.iotsdk.dataplane

/**
 * A retained message as GetRetainedMessage returns it.
 *
 * Stability: mirrors AWS's response; new properties may be added.
 */
public class RetainedMessage internal constructor(
    /** The topic. */
    public val topic: String,
    payload: ByteArray,
    /** The QoS it was published with. */
    public val qos: Int,
    /** When AWS IoT stored it, epoch milliseconds. */
    public val lastModifiedTime: Long,
    /** Its MQTT 5 user properties (empty when none). */
    public val userProperties: List<UserProperty>,
) {
    private val bytes = payload.copyOf()

    /** A copy of the payload (already base64-decoded). */
    public val payload: ByteArray get() = bytes.copyOf()

    /** The payload as UTF-8 text. */
    public fun payloadAsString(): String = bytes.toString(Charsets.UTF_8)

    override fun toString(): String =
        "RetainedMessage(topic=$topic, qos=$qos, payload=${bytes.size} bytes, lastModifiedTime=$lastModifiedTime)"
}
