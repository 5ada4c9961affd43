package dev.iotsdk.shadow

import dev.iotsdk.common.IotServiceException

/**
 * The Device Shadow service rejected a request (its `…/rejected` answer). [code] is the HTTP-style code AWS sends:
 * 400 bad request (see [serviceMessage]), 401/403 not authorized, 404 no such shadow, 409 version conflict
 * ([isVersionConflict]: re-read the shadow and retry with its version), 413 document too large, 429 too many requests
 * in flight, 500 internal failure. 429 and 5xx are [isRetryable].
 */
public class ShadowRejectedException(
    /** The thing the request was for. */
    public val thingName: String,
    /** The named shadow, or `null` for the classic shadow. */
    public val shadowName: String?,
    /** The operation: `get`, `update` or `delete`. */
    public val operation: String,
    /** The service's error code. */
    public val code: Int,
    /** The service's message, for example `Version conflict`. */
    public val serviceMessage: String?,
    /** The client token of the rejected request. */
    public val clientToken: String?,
    cause: Throwable? = null,
) : IotServiceException(
    "Shadow $operation of '$thingName'${shadowName?.let { "/'$it'" } ?: ""} was rejected with $code" +
        (serviceMessage?.let { " ($it)" } ?: "") + hint(code),
    errorCode = code.toString(),
    statusCode = code,
    requestId = clientToken,
    cause = cause,
    isRetryable = code == 429 || code >= 500,
) {
    /** Whether the update named a version the shadow no longer has (409). */
    public val isVersionConflict: Boolean get() = code == 409

    /** Whether the shadow does not exist (404). */
    public val isNotFound: Boolean get() = code == 404

    private companion object {
        fun hint(code: Int): String = when (code) {
            409 -> "; get the shadow and retry with its current version"
            404 -> "; update the shadow first to create it"
            413 -> "; the desired and reported state together must stay within the size quota (8 KB by default)"
            429 -> "; too many requests in flight, retry later"
            401, 403 -> "; check the policy attached to this device's certificate"
            else -> ""
        }
    }
}
