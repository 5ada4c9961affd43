package dev.iotsdk.emulator.internal.broker

/** AWS IoT Core's MQTT limits the broker extension enforces (spec/connect.md §6.1). */
internal object BrokerLimits {
    /** The largest payload of a PUBLISH (and of the data plane's Publish). */
    const val MAX_PAYLOAD_BYTES: Int = 128 * 1024

    /**
     * The Maximum Packet Size advertised in CONNACK and enforced by the broker: a [MAX_PAYLOAD_BYTES] payload plus
     * 16 KiB for the fixed header, a 256-byte topic (longer under `$aws/rules/<rule>/`) and MQTT 5 properties. AWS
     * IoT's exact number is not documented (spec/connect.md §6.5); this is the emulator's choice.
     */
    const val MAX_PACKET_BYTES: Int = MAX_PAYLOAD_BYTES + 16 * 1024

    /** The Topic Alias Maximum advertised in CONNACK (spec/connect.md §6.5: 8, as AWS IoT sends). */
    const val TOPIC_ALIAS_MAXIMUM: Int = 8
    const val MAX_CLIENT_ID_BYTES: Int = 128
    const val MAX_FILTERS_PER_SUBSCRIBE: Int = 8
    const val MAX_SUBSCRIPTIONS: Int = 50
    const val MIN_KEEP_ALIVE: Int = 30
    const val MAX_KEEP_ALIVE: Int = 1200
    const val AUTHORIZER_TIMEOUT_SECONDS: Long = 5L
}
