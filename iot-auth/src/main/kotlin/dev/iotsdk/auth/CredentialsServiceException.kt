package dev.iotsdk.auth

/**
 * A credentials service (Amazon Cognito, the AWS IoT credentials provider) refused to issue credentials.
 * [errorCode] is the service's code: Cognito's error type (`NotAuthorizedException`, `ResourceNotFoundException`, …);
 * for the IoT credentials provider its `x-amzn-ErrorType` when sent (`AccessDeniedException`), else the HTTP status as
 * text (`"404"`). [statusCode] is the HTTP status, [requestId] the service's request id (`x-amzn-RequestId`).
 * The subclasses name the cases worth handling apart.
 */
public open class CredentialsServiceException(
    message: String,
    /** The service's error code, as sent. */
    public val errorCode: String?,
    /** The HTTP status. */
    public val statusCode: Int?,
    /** The service's request id (`x-amzn-RequestId`), when it sent one. */
    public val requestId: String?,
    isRetryable: Boolean = false,
) : CredentialsException(message, null, isRetryable)
