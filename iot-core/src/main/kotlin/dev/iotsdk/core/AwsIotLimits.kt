package dev.iotsdk.core

/**
 * AWS IoT's MQTT limits the client checks before sending (spec: connect.md §6.1). The topic counts skip a leading
 * `$share/<group>/` and `$aws/rules/<rule>/`, as AWS does.
 */
public object AwsIotLimits {
    /** Topic names and filters: at most 256 bytes of UTF-8. */
    public const val MAX_TOPIC_BYTES: Int = 256

    /** Topic names and filters: at most 7 slashes (8 levels). */
    public const val MAX_TOPIC_SLASHES: Int = 7

    /** PUBLISH payload: at most 128 KB. */
    public const val MAX_PAYLOAD_BYTES: Int = 128 * 1024

    /** Client id: at most 128 bytes of UTF-8. */
    public const val MAX_CLIENT_ID_BYTES: Int = 128

    /** Subscriptions in one SUBSCRIBE packet (the client batches larger requests). */
    public const val MAX_SUBSCRIPTIONS_PER_SUBSCRIBE: Int = 8

    /** MQTT's own limit on a topic's encoded length. */
    public const val MQTT_MAX_TOPIC_BYTES: Int = 65535
}
