package dev.iotsdk.core

import dev.iotsdk.common.IotServiceException

/**
 * The service answered a request on its *rejected* topic. [errorCode] is the response's `code` field as text (the
 * shadow service sends a number such as `404`, jobs a name such as `InvalidRequest`), [statusCode] that code when it
 * is numeric, [requestId] the correlation token, and [payload] the full response for service-specific fields.
 *
 * Service modules usually turn it into their own exception with a rejection mapper; it reaches callers as-is only
 * where they do not.
 */
public open class RequestRejectedException(
    /** The topic the rejection arrived on. */
    public val topic: String,
    /** The rejection payload, as received. */
    public val payload: ByteArray,
    /** The correlation token of the rejected request, if it had one. */
    public val correlationToken: String?,
    /** The service's `code` field, as text. */
    errorCode: String?,
    /** The service's `message` field. */
    public val serviceMessage: String?,
    isRetryable: Boolean = false,
) : IotServiceException(
    "The request was rejected on '$topic'" + (errorCode?.let { ": $it" } ?: "") +
        (serviceMessage?.let { " ($it)" } ?: "") + "; see the service's error code for what to change",
    errorCode = errorCode,
    statusCode = errorCode?.toIntOrNull(),
    requestId = correlationToken,
    isRetryable = isRetryable,
)
