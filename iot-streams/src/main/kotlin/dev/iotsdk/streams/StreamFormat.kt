package dev.iotsdk.streams

/**
 * The payload format of a stream's topics (`$aws/things/<thing>/streams/<stream>/<operation>/<format>`): requests and
 * answers both follow the topic's suffix.
 *
 * ```kotlin
 * val client = StreamsClient(mqtt, "sensor-1", "firmware-v2", StreamsClientOptions(format = StreamFormat.JSON))
 * ```
 */
public enum class StreamFormat(
    /** The topic suffix: `json` or `cbor`. */
    public val topicSuffix: String,
) {
    /** JSON: block data travels as base64 text (a third larger than the bytes). */
    JSON("json"),

    /** CBOR (RFC 8949): block data travels as a byte string; what AWS's OTA agent uses. */
    CBOR("cbor"),
}
