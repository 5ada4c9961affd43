package dev.iotsdk.core

/**
 * MQTT quality of service levels that AWS IoT supports.
 *
 * There is deliberately no QoS 2: AWS IoT neither grants nor acknowledges it. [Qos.of] turns a numeric level into a
 * [Qos] and refuses 2 with an [UnsupportedQosException], before anything is sent.
 */
public enum class Qos(
    /** The numeric level on the wire. */
    public val code: Int,
) {
    /** QoS 0: fire and forget, delivered zero or more times. */
    AT_MOST_ONCE(0),

    /** QoS 1: acknowledged with PUBACK, delivered at least once (duplicates are possible). */
    AT_LEAST_ONCE(1),
    ;

    /** Factory for numeric levels. */
    public companion object {
        /**
         * The [Qos] for a numeric [level].
         *
         * @throws UnsupportedQosException for 2 (AWS IoT does not support it) and any other value.
         */
        @JvmStatic
        public fun of(level: Int): Qos = when (level) {
            0 -> AT_MOST_ONCE
            1 -> AT_LEAST_ONCE
            else -> throw UnsupportedQosException(level)
        }
    }
}
