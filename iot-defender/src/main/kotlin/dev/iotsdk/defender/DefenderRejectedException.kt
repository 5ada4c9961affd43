package dev.iotsdk.defender

import dev.iotsdk.common.IotServiceException

/**
 * AWS IoT Device Defender rejected a metrics report on `…/defender/metrics/<format>/rejected`: [code] and
 * [serviceMessage] are its `statusDetails` (`ErrorCode`, `ErrorMessage`), [reportId] the report's id.
 *
 * ```kotlin
 * try {
 *     client.send(report)
 * } catch (e: DefenderRejectedException) {
 *     println("rejected: ${e.code} ${e.serviceMessage}")
 * }
 * ```
 */
public class DefenderRejectedException(
    /** The error code. */
    public val code: DefenderErrorCode,
    /** The service's message, e.g. `Malformed metrics report`. */
    public val serviceMessage: String?,
    /** The id of the rejected report, when the answer names it. */
    public val reportId: Long?,
    /** The thing the report was for. */
    public val thingName: String,
) : IotServiceException(
    "AWS IoT Device Defender rejected report $reportId of $thingName: ${code.value}" + hint(code),
    errorCode = code.value,
    requestId = reportId?.toString(),
    isRetryable = code.isRetryable,
)

private fun hint(code: DefenderErrorCode): String = when (code) {
    DefenderErrorCode.INVALID_PAYLOAD -> "; the report does not fit AWS's schema (see serviceMessage)"
    DefenderErrorCode.THROTTLED -> "; send at most one report per 5 minutes"
    else -> ""
}
