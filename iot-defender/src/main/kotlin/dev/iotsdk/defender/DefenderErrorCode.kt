package dev.iotsdk.defender

/**
 * The `statusDetails.ErrorCode` of a rejected report. AWS documents one code, [INVALID_PAYLOAD] ("Malformed metrics
 * report"); other values arrive as they are ([isKnown] `false`).
 *
 * ```kotlin
 * catch (e: DefenderRejectedException) { if (e.code == DefenderErrorCode.INVALID_PAYLOAD) fixReport() }
 * ```
 */
public class DefenderErrorCode private constructor(
    /** The code exactly as on the wire. */
    public val value: String,
) {
    /** Whether this is one of the codes named here. */
    public val isKnown: Boolean get() = KNOWN.containsKey(value)

    /** Whether the same report may be accepted later (throttling). */
    public val isRetryable: Boolean get() = this == THROTTLED

    override fun equals(other: Any?): Boolean = other is DefenderErrorCode && other.value == value

    override fun hashCode(): Int = value.hashCode()

    override fun toString(): String = value

    /** The codes. */
    public companion object {
        /** The report does not fit the schema (AWS's Developer Guide, "Device Defender troubleshooting"). */
        @JvmField public val INVALID_PAYLOAD: DefenderErrorCode = DefenderErrorCode("InvalidPayload")

        /**
         * More than one report per interval (AWS: "may be throttled to one metric report per 5 minutes"; the code AWS
         * sends then is not documented; this is the emulator's, with throttling on).
         */
        @JvmField public val THROTTLED: DefenderErrorCode = DefenderErrorCode("Throttled")

        private val KNOWN = listOf(INVALID_PAYLOAD, THROTTLED).associateBy { it.value }

        /** The code for [value]. */
        @JvmStatic
        public fun of(value: String): DefenderErrorCode = KNOWN[value] ?: DefenderErrorCode(value)
    }
}
