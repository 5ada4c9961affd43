package dev.iotsdk.dataplane

/** MQTT 5 payload format indicator, sent in the `x-amz-mqtt5-payload-format-indicator` header. */
public enum class PayloadFormatIndicator {
    /** The payload is bytes of unspecified format. */
    UNSPECIFIED_BYTES,

    /** The payload is UTF-8 text. */
    UTF8_DATA,
}
