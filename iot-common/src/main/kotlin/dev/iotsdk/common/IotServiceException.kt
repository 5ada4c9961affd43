package dev.iotsdk.common

/**
 * An error answered by AWS IoT (or the emulator): [errorCode] is the service's code (`"404"`, `"VersionMismatch"`,
 * `"ResourceNotFoundException"`, an MQTT reason code name…), [statusCode] the HTTP status or numeric code where
 * there is one, [requestId] the service's request id or the client token that correlated the request.
 *
 * ```kotlin
 * try { shadow.get() } catch (e: IotServiceException) { if (e.statusCode == 404) createShadow() else throw e }
 * ```
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
