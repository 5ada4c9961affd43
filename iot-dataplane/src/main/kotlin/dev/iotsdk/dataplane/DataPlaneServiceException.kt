package dev.iotsdk.dataplane

import dev.iotsdk.common.IotServiceException

/**
 * An error response of the AWS IoT data plane (or the emulator): [errorCode] is the AWS exception name (for example
 * `ResourceNotFoundException`, from the `x-amzn-ErrorType` header, else the body's `code`/`__type`), [statusCode]
 * the HTTP status and [requestId] the `x-amzn-RequestId` header. The subclasses are named as in boto3 and the AWS
 * SDKs; an error code this SDK does not know arrives as this base class.
 *
 * ```kotlin
 * try { client.getThingShadow("lamp-1") } catch (e: ResourceNotFoundException) { println("no shadow yet (${e.requestId})") }
 * ```
 * Messages never contain credentials, signatures or tokens.
 */
public open class DataPlaneServiceException internal constructor(
    message: String,
    errorCode: String?,
    statusCode: Int,
    requestId: String?,
    isRetryable: Boolean = false,
) : IotServiceException(message, errorCode, statusCode, requestId, null, isRetryable)
