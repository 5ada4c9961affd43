package dev.iotsdk.dataplane

/**
 * A message for [IotDataPlaneClient.publish]: the topic, payload, QoS (0 or 1), retain flag and the MQTT 5
 * properties AWS IoT delivers to MQTT 5 subscribers. Immutable; build it with the constructor (Kotlin named
 * arguments) or [builder] (Java).
 *
 * ```kotlin
 * client.publish(PublishRequest("lamps/lamp-1/cmd", """{"on":true}""".encodeToByteArray(), qos = 1,
 *     userProperties = listOf(UserProperty("origin", "app")), contentType = "application/json"))
 * ```
 *
 * Wire encoding (spec dataplane.md §2.2): [qos], [retain], [contentType], [responseTopic] and [messageExpirySeconds]
 * are query parameters; [userProperties] travel as base64 of a JSON array of one-pair objects, [correlationData] as
 * base64, [payloadFormatIndicator] as the enum name, in `x-amz-mqtt5-*` headers.
 */
public class PublishRequest @JvmOverloads constructor(
    /** The topic: no wildcards; any character is allowed and percent-encoded on the wire. */
    public val topic: String,
    payload: ByteArray = ByteArray(0),
    /** QoS 0 or 1. */
    public val qos: Int = 0,
    /** Whether the broker keeps the message as the topic's retained message (an empty payload deletes it). */
    public val retain: Boolean = false,
    /** MQTT 5 user properties, in order. */
    public val userProperties: List<UserProperty> = emptyList(),
    /** MQTT 5 payload format indicator, or `null` to leave it out. */
    public val payloadFormatIndicator: PayloadFormatIndicator? = null,
    /** MQTT 5 content type, or `null`. */
    public val contentType: String? = null,
    /** MQTT 5 response topic (no wildcards), or `null`. */
    public val responseTopic: String? = null,
    correlationData: ByteArray? = null,
    /** MQTT 5 message expiry interval in seconds, or `null` for no expiry. */
    public val messageExpirySeconds: Long? = null,
) {
    private val payloadBytes = payload.copyOf()
    private val correlationBytes = correlationData?.copyOf()

    /** A copy of the payload. */
    public val payload: ByteArray get() = payloadBytes.copyOf()

    /** A copy of the MQTT 5 correlation data, or `null`. */
    public val correlationData: ByteArray? get() = correlationBytes?.copyOf()

    internal fun payloadBytes(): ByteArray = payloadBytes

    internal fun correlationBytes(): ByteArray? = correlationBytes

    init {
        require(topic.isNotEmpty()) { "topic must not be empty" }
        require(!topic.contains('+') && !topic.contains('#')) { "a publish topic cannot contain the wildcards + or #" }
        require(qos == 0 || qos == 1) { "qos must be 0 or 1 (AWS IoT has no QoS 2)" }
        require(messageExpirySeconds == null || messageExpirySeconds >= 0) {
            "messageExpirySeconds must not be negative"
        }
        require(responseTopic == null || (!responseTopic.contains('+') && !responseTopic.contains('#'))) {
            "responseTopic cannot contain wildcards"
        }
    }

    /** Shows the topic, QoS, retain and payload size (not the payload). */
    override fun toString(): String =
        "PublishRequest(topic=$topic, qos=$qos, retain=$retain, payload=${payloadBytes.size} bytes)"

    /** Java builder for [PublishRequest]. */
    public class Builder internal constructor(private val topic: String) {
        private var payload = ByteArray(0)
        private var qos = 0
        private var retain = false
        private val userProperties = mutableListOf<UserProperty>()
        private var payloadFormatIndicator: PayloadFormatIndicator? = null
        private var contentType: String? = null
        private var responseTopic: String? = null
        private var correlationData: ByteArray? = null
        private var messageExpirySeconds: Long? = null

        /** Sets the payload. */
        public fun payload(value: ByteArray): Builder = apply { payload = value.copyOf() }

        /** Sets the payload to UTF-8 [text]. */
        public fun payload(text: String): Builder = apply { payload = text.toByteArray(Charsets.UTF_8) }

        /** Sets the QoS (0 or 1). */
        public fun qos(value: Int): Builder = apply { qos = value }

        /** Sets the retain flag. */
        public fun retain(value: Boolean): Builder = apply { retain = value }

        /** Adds a user property. */
        public fun userProperty(name: String, value: String): Builder = apply {
            userProperties +=
                UserProperty(name, value)
        }

        /** Sets the payload format indicator. */
        public fun payloadFormatIndicator(value: PayloadFormatIndicator): Builder = apply {
            payloadFormatIndicator =
                value
        }

        /** Sets the content type. */
        public fun contentType(value: String): Builder = apply { contentType = value }

        /** Sets the response topic. */
        public fun responseTopic(value: String): Builder = apply { responseTopic = value }

        /** Sets the correlation data. */
        public fun correlationData(value: ByteArray): Builder = apply { correlationData = value.copyOf() }

        /** Sets the message expiry interval in seconds. */
        public fun messageExpirySeconds(value: Long): Builder = apply { messageExpirySeconds = value }

        /** The request. @throws IllegalArgumentException for an invalid topic or QoS. */
        public fun build(): PublishRequest = PublishRequest(
            topic, payload, qos, retain, userProperties.toList(), payloadFormatIndicator, contentType, responseTopic,
            correlationData, messageExpirySeconds,
        )
    }

    /** Factories. */
    public companion object {
        /** A Java builder for a message on [topic]. */
        @JvmStatic
        public fun builder(topic: String): Builder = Builder(topic)
    }
}
