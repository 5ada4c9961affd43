package dev.iotsdk.greengrass

import dev.iotsdk.common.IotServiceException

/**
 * The discovery service answered with an error status (the v1 SDK's `DiscoveryFailure`). [statusCode] is the HTTP
 * status, [errorCode] the `x-amzn-ErrorType` header (or the status as text), [requestId] the `x-amzn-RequestId`
 * header. 5xx answers are retryable. Subclasses name the documented cases.
 */
public open class DiscoveryServiceException(
    message: String,
    statusCode: Int,
    errorCode: String?,
    requestId: String?,
    isRetryable: Boolean = statusCode >= SERVER_ERROR,
) : IotServiceException(message, errorCode, statusCode, requestId, null, isRetryable) {
    private companion object {
        const val SERVER_ERROR = 500
    }
}
