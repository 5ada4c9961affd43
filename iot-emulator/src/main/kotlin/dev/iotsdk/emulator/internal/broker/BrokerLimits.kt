package dev.iotsdk.emulator.internal.broker

/** AWS IoT Core's MQTT limits the broker extension enforces (spec/connect.md §6.1). */
internal object BrokerLimits {
    /** The largest payload of a PUBLISH (and of the data plane's Publish). */
    const val MAX_PAYLOAD_BYTES: Int = 128 * 1024
    const val MAX_CLIENT_ID_BYTES: Int = 128
    const val MAX_FILTERS_PER_SUBSCRIBE: Int = 8
    const val MAX_SUBSCRIPTIONS: Int = 50
    const val MIN_KEEP_ALIVE: Int = 30
    const val MAX_KEEP_ALIVE: Int = 1200
    const val AUTHORIZER_TIMEOUT_SECONDS: Long = 5L
}
