package dev.iotsdk.defender

/**
 * The payload format of a metrics report, which is also the last level of its topics
 * (`$aws/things/<thing>/defender/metrics/<json|cbor>`, the same for the `accepted` and `rejected` answers).
 *
 * ```kotlin
 * val client = DefenderClient(mqtt, "sensor-1", DefenderClientOptions(format = ReportFormat.CBOR))
 * ```
 */
public enum class ReportFormat(
    /** The topic level: `json` or `cbor`. */
    public val topicSuffix: String,
) {
    /** JSON text (UTF-8). */
    JSON("json"),

    /** CBOR (RFC 8949), definite-length maps; smaller, for constrained links. */
    CBOR("cbor"),
}
