package dev.iotsdk.emulator.defender

import java.time.Instant

/**
 * A Device Defender metrics report the emulator received ([DefenderEmulator.reports]), accepted or not.
 *
 * ```kotlin
 * val last = emulator.defender.reports("sensor-1").last()
 * check(last.accepted && last.json.contains("listening_tcp_ports"))
 * ```
 */
public class ReceivedReport internal constructor(
    /** The thing the report was published for (the topic's). */
    public val thingName: String,
    /** `json` or `cbor`. */
    public val format: String,
    /** The report id, when the report had a readable one. */
    public val reportId: Long?,
    /** The rejection's `ErrorCode` (`null` when accepted). */
    public val errorCode: String?,
    /** The rejection's `ErrorMessage` (`null` when accepted). */
    public val errorMessage: String?,
    /** The report as JSON with long key names (CBOR reports converted), or `null` when it could not be read. */
    public val json: String?,
    /** When it arrived. */
    public val receivedAt: Instant,
) {
    /** Whether the emulator answered `accepted`. */
    public val accepted: Boolean get() = errorCode == null

    override fun toString(): String =
        "ReceivedReport($thingName, $format, reportId=$reportId, accepted=$accepted, errorCode=$errorCode)"
}
