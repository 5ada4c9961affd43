package dev.iotsdk.model

/**
 * The root of every exception iotsdk throws on purpose.
 *
 * Two branches sit below it: [IotClientException] for problems found on this side (bad input, a connection that
 * could not be made, a deadline that passed) and [IotServiceException] for answers AWS IoT gave (a rejected
 * request, a CONNACK or PUBACK failure reason, an HTTP error status). [isRetryable] tells whether the same call
 * may succeed if tried again unchanged.
 *
 * `CancellationException` is never wrapped in this hierarchy: cancellation propagates as itself.
 */
public open class IotSdkException(
    message: String,
    cause: Throwable? = null,
    /** Whether repeating the same operation unchanged may succeed (throttling, a lost connection, a 5xx). */
    public val isRetryable: Boolean = false,
) : Exception(message, cause)

/**
 * A failure detected by the SDK itself: invalid input refused before anything was sent, a connection that could
 * not be established, a timeout, a closed client. The message says what to do next.
 */
public open class IotClientException(message: String, cause: Throwable? = null, isRetryable: Boolean = false) :
    IotSdkException(message, cause, isRetryable)

/**
 * An error answered by AWS IoT (or the emulator): [errorCode] is the service's code (`"404"`, `"VersionMismatch"`,
 * `"ResourceNotFoundException"`, an MQTT reason code name…), [statusCode] the HTTP status or numeric code where
 * there is one, [requestId] the service's request id or the client token that correlated the request.
 */
public open class IotServiceException(
    message: String,
    /** The service's error code, exactly as the service sent it. */
    public val errorCode: String? = null,
    /** The HTTP status or numeric error code, where the service gave one. */
    public val statusCode: Int? = null,
    /** The service's request id, or the client token that correlated the request. */
    public val requestId: String? = null,
    cause: Throwable? = null,
    isRetryable: Boolean = false,
) : IotSdkException(message, cause, isRetryable)
