package dev.iotsdk.provisioning

import dev.iotsdk.common.IotServiceException

/**
 * AWS IoT Fleet Provisioning answered on a `…/rejected` topic with `statusCode`, `errorCode` and `errorMessage`
 * (for example 400 `InvalidCertificateOwnershipToken` when the token is empty, unknown or expired). The device's
 * claim identity is unaffected; the message says what to change.
 *
 * ```kotlin
 * try {
 *     provisioning.registerThing("factory", token, mapOf("SerialNumber" to serial))
 * } catch (e: ProvisioningRejectedException) {
 *     if (e.errorCode == "InvalidCertificateOwnershipToken") startOverWithANewCertificate()
 * }
 * ```
 */
public class ProvisioningRejectedException(
    /** The topic the rejection arrived on. */
    public val topic: String,
    statusCode: Int?,
    errorCode: String?,
    /** The service's `errorMessage`. */
    public val errorMessage: String?,
) : IotServiceException(
    "AWS IoT Fleet Provisioning rejected the request on '$topic': ${statusCode ?: "?"} ${errorCode ?: "UnknownError"}" +
        (errorMessage?.let { " ($it)" } ?: "") + hint(errorCode, statusCode),
    errorCode = errorCode,
    statusCode = statusCode,
    isRetryable = statusCode != null && (statusCode >= SERVER_ERROR || statusCode == THROTTLED),
)

private const val SERVER_ERROR = 500
private const val THROTTLED = 429

private fun hint(errorCode: String?, statusCode: Int?): String = when {
    errorCode == "InvalidCertificateOwnershipToken" ->
        "; the ownership token is single-use and expires after one hour: create a new certificate and register again"
    errorCode == "InvalidCertificateSigningRequest" ->
        "; send a PEM PKCS#10 CSR for an RSA (2048+ bits) or EC " +
            "P-256/P-384 key"
    errorCode == "InvalidParameters" -> "; check the parameters against the provisioning template"
    statusCode == 403 -> "; the claim policy or a pre-provisioning hook refused the request"
    statusCode == 404 -> "; check the provisioning template name"
    else -> ""
}
