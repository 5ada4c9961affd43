package dev.iotsdk.greengrass

import dev.iotsdk.model.IotClientException
import dev.iotsdk.model.IotServiceException

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

/** 400: the request was invalid (the v1 SDK's `DiscoveryInvalidRequestException`). */
public class DiscoveryInvalidRequestException(
    message: String,
    statusCode: Int,
    errorCode: String?,
    requestId: String?,
) : DiscoveryServiceException(message, statusCode, errorCode, requestId, false)

/**
 * 401/403: the device certificate is not accepted or its policy does not allow `greengrass:Discover` on the thing
 * (the v1 SDK's `DiscoveryUnauthorizedException`).
 */
public class DiscoveryUnauthorizedException(message: String, statusCode: Int, errorCode: String?, requestId: String?) :
    DiscoveryServiceException(message, statusCode, errorCode, requestId, false)

/** 404: the thing is in no Greengrass group, so there is no core to discover (`DiscoveryDataNotFoundException`). */
public class DiscoveryDataNotFoundException(message: String, statusCode: Int, errorCode: String?, requestId: String?) :
    DiscoveryServiceException(message, statusCode, errorCode, requestId, false)

/** 429: too many discovery requests, still throttled after the configured retries (`DiscoveryThrottlingException`). */
public class DiscoveryThrottlingException(message: String, statusCode: Int, errorCode: String?, requestId: String?) :
    DiscoveryServiceException(message, statusCode, errorCode, requestId, true)

/**
 * Discovery failed on this side: the connection, the TLS handshake, the deadline, or an invalid thing name. The
 * message names the endpoint and what failed; [isRetryable] is true for network failures and timeouts.
 */
public open class DiscoveryClientException(message: String, cause: Throwable? = null, isRetryable: Boolean = false) :
    IotClientException(message, cause, isRetryable)

/** The discovery answer was malformed, truncated or larger than the configured bound; nothing was returned. */
public class DiscoveryResponseException(message: String, cause: Throwable? = null) :
    DiscoveryClientException(message, cause, false)

/**
 * [GreengrassDiscoveryClient.connectToCore] could not connect to any core: [attempts] lists every endpoint tried,
 * in order, with the reason it failed (unreachable, the TLS handshake, a group CA that does not parse, a refused
 * CONNECT, a timeout).
 */
public class CoreConnectException(
    /** Every failed attempt, in the order tried. */
    public val attempts: List<CoreConnectAttempt>,
    message: String = describe(attempts),
) : IotClientException(
    message,
    attempts.lastOrNull()?.cause,
    isRetryable = attempts.any {
        it.cause?.isRetryable == true
    },
) {
    private companion object {
        fun describe(attempts: List<CoreConnectAttempt>): String = if (attempts.isEmpty()) {
            "No Greengrass core endpoint to try: the discovery answer has no connectivity entries (or the " +
                "ordering hook removed them all)"
        } else {
            "Could not connect to any Greengrass core (${attempts.size} attempt(s)): " +
                attempts.joinToString("; ") { "${it.endpoint.describe()}: ${it.reason}" }
        }
    }
}
