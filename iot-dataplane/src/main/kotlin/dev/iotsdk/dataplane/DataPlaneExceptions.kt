package dev.iotsdk.dataplane

import dev.iotsdk.model.IotClientException
import dev.iotsdk.model.IotServiceException

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

/** 400: the request is invalid (bad JSON, bad parameter, a shadow document the service refuses). Fix the input. */
public class InvalidRequestException internal constructor(message: String, statusCode: Int, requestId: String?) :
    DataPlaneServiceException(message, "InvalidRequestException", statusCode, requestId)

/** 401: the caller is not authorized for this action (IAM policy). Check the policy of the credentials. */
public class UnauthorizedException internal constructor(message: String, statusCode: Int, requestId: String?) :
    DataPlaneServiceException(message, "UnauthorizedException", statusCode, requestId)

/** 403: the request was refused: a bad or expired signature, unknown credentials, or a forbidden connection call. */
public class ForbiddenException internal constructor(message: String, statusCode: Int, requestId: String?) :
    DataPlaneServiceException(message, "ForbiddenException", statusCode, requestId)

/** 404: the thing, shadow, retained message or connection does not exist. */
public class ResourceNotFoundException internal constructor(message: String, statusCode: Int, requestId: String?) :
    DataPlaneServiceException(message, "ResourceNotFoundException", statusCode, requestId)

/** 405: the HTTP method is not allowed on this resource. */
public class MethodNotAllowedException internal constructor(message: String, statusCode: Int, requestId: String?) :
    DataPlaneServiceException(message, "MethodNotAllowedException", statusCode, requestId)

/** 409: a conditional shadow update named a version that is not the current one; read the shadow and retry. */
public class ConflictException internal constructor(message: String, statusCode: Int, requestId: String?) :
    DataPlaneServiceException(message, "ConflictException", statusCode, requestId)

/** 413: the payload or the resulting shadow document is larger than the service allows. */
public class RequestEntityTooLargeException internal constructor(message: String, statusCode: Int, requestId: String?) :
    DataPlaneServiceException(message, "RequestEntityTooLargeException", statusCode, requestId)

/** 415: the document is not UTF-8 encoded. */
public class UnsupportedDocumentEncodingException internal constructor(
    message: String,
    statusCode: Int,
    requestId: String?,
) : DataPlaneServiceException(message, "UnsupportedDocumentEncodingException", statusCode, requestId)

/** 429: too many requests; retried automatically for the configured attempts, then thrown. Slow down. */
public class ThrottlingException internal constructor(message: String, statusCode: Int, requestId: String?) :
    DataPlaneServiceException(message, "ThrottlingException", statusCode, requestId, isRetryable = true)

/** 500: the service failed; idempotent operations are retried automatically before this is thrown. */
public class InternalFailureException internal constructor(message: String, statusCode: Int, requestId: String?) :
    DataPlaneServiceException(message, "InternalFailureException", statusCode, requestId, isRetryable = true)

/** 503: the service is unavailable; idempotent operations are retried automatically before this is thrown. */
public class ServiceUnavailableException internal constructor(message: String, statusCode: Int, requestId: String?) :
    DataPlaneServiceException(message, "ServiceUnavailableException", statusCode, requestId, isRetryable = true)

/**
 * The call did not get a usable answer: the connection failed or was reset, TLS failed, the request timed out, or
 * the server answered something that is not the documented response (garbage, a truncated body). [isRetryable] is
 * `true` for network failures and timeouts. Idempotent operations were already retried before this was thrown.
 */
public class DataPlaneClientException internal constructor(message: String, cause: Throwable?, isRetryable: Boolean) :
    IotClientException(message, cause, isRetryable)
