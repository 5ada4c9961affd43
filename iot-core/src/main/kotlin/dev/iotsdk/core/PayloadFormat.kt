package dev.iotsdk.core

/** The MQTT 5 payload format indicator. */
public enum class PayloadFormat {
    /** Unspecified bytes (the default). */
    UNSPECIFIED,

    /** UTF-8 encoded character data. */
    UTF_8,
}
