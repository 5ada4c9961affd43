package dev.iotsdk.core.internal

/** The names of SUBACK and UNSUBACK reason codes (MQTT 5 §3.9.3 and §3.11.3; 3.1.1 uses 0-2 and 0x80). */
internal object AckReasons {
    private val COMMON = mapOf(
        0x80 to "UNSPECIFIED_ERROR",
        0x83 to "IMPLEMENTATION_SPECIFIC_ERROR",
        0x87 to "NOT_AUTHORIZED",
        0x8F to "TOPIC_FILTER_INVALID",
        0x91 to "PACKET_IDENTIFIER_IN_USE",
    )
    private val SUBACK = COMMON + mapOf(
        0x00 to "GRANTED_QOS_0",
        0x01 to "GRANTED_QOS_1",
        0x02 to "GRANTED_QOS_2",
        0x97 to "QUOTA_EXCEEDED",
        0x9E to "SHARED_SUBSCRIPTIONS_NOT_SUPPORTED",
        0xA1 to "SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED",
        0xA2 to "WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED",
    )
    private val UNSUBACK = COMMON + mapOf(0x00 to "SUCCESS", 0x11 to "NO_SUBSCRIPTION_EXISTED")

    fun suback(code: Int): String = SUBACK[code] ?: "UNKNOWN"

    fun unsuback(code: Int): String = UNSUBACK[code] ?: "UNKNOWN"

    /** `NAME (0xNN)`. */
    fun describe(name: String, code: Int): String = "$name (0x${code.toString(16).padStart(2, '0')})"
}
