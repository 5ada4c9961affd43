package dev.iotsdk.core

import kotlin.time.Duration
import kotlin.time.toJavaDuration
import kotlin.time.toKotlinDuration

/**
 * MQTT 5 PUBLISH properties. All optional; [NONE] has none. Sent only on MQTT 5 connections.
 */
public class MessageProperties @JvmOverloads constructor(
    /** How long the broker may keep the message for a subscriber that has not received it yet. */
    public val messageExpiry: Duration? = null,
    /** MIME type of the payload. */
    public val contentType: String? = null,
    /** Whether the payload is UTF-8 text. */
    public val payloadFormat: PayloadFormat = PayloadFormat.UNSPECIFIED,
    /** The topic a responder should answer on (request/response). */
    public val responseTopic: String? = null,
    /** Opaque data a responder copies back, to match its answer to the request. */
    public val correlationData: ByteArray? = null,
    /** Application-defined name/value pairs. */
    public val userProperties: List<UserProperty> = emptyList(),
) {
    /** Properties holders. */
    public companion object {
        /** No properties. */
        @JvmField
        public val NONE: MessageProperties = MessageProperties()

        /** A [Builder], for Java callers (the constructor's `messageExpiry` is a Kotlin `Duration`). */
        @JvmStatic
        public fun builder(): Builder = Builder()
    }

    /**
     * Builds [MessageProperties] from Java.
     *
     * ```java
     * MessageProperties props = MessageProperties.builder().messageExpiry(Duration.ofMinutes(1))
     *         .contentType("application/json").userProperty("source", "java").build();
     * ```
     */
    public class Builder internal constructor() {
        private var messageExpiry: Duration? = null
        private var contentType: String? = null
        private var payloadFormat: PayloadFormat = PayloadFormat.UNSPECIFIED
        private var responseTopic: String? = null
        private var correlationData: ByteArray? = null
        private val userProperties = ArrayList<UserProperty>()

        /** See [MessageProperties.messageExpiry]; `null` for none. */
        public fun messageExpiry(expiry: java.time.Duration?): Builder = apply {
            messageExpiry =
                expiry?.toKotlinDuration()
        }

        /** See [MessageProperties.contentType]. */
        public fun contentType(contentType: String?): Builder = apply { this.contentType = contentType }

        /** See [MessageProperties.payloadFormat]. */
        public fun payloadFormat(format: PayloadFormat): Builder = apply { payloadFormat = format }

        /** See [MessageProperties.responseTopic]. */
        public fun responseTopic(topic: String?): Builder = apply { responseTopic = topic }

        /** See [MessageProperties.correlationData]. */
        public fun correlationData(data: ByteArray?): Builder = apply { correlationData = data?.copyOf() }

        /** Appends a user property; see [MessageProperties.userProperties]. */
        public fun userProperty(name: String, value: String): Builder = apply {
            userProperties +=
                UserProperty(name, value)
        }

        /** The properties. */
        public fun build(): MessageProperties = MessageProperties(
            messageExpiry,
            contentType,
            payloadFormat,
            responseTopic,
            correlationData,
            userProperties.toList(),
        )
    }

    /** [messageExpiry] as a [java.time.Duration], or `null`; for Java callers. */
    public fun messageExpiryJava(): java.time.Duration? = messageExpiry?.toJavaDuration()

    override fun toString(): String =
        "MessageProperties(expiry=$messageExpiry, contentType=$contentType, format=$payloadFormat, " +
            "responseTopic=$responseTopic, correlationData=${correlationData?.size}, userProperties=$userProperties)"
}
