package dev.iotsdk.auth

/**
 * A credentials service (Amazon Cognito, the AWS IoT credentials provider) refused to issue credentials.
 * [errorCode] is the service's code (`NotAuthorizedException`, `ResourceNotFoundException`, or the HTTP status of the
 * IoT credentials provider such as `"403"`), [statusCode] the HTTP status, [requestId] the service's request id.
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

/**
 * The caller may not have credentials: a Cognito pool without unauthenticated access asked without logins, logins
 * that do not match, or (IoT credentials provider, HTTP 403) a certificate whose policy does not allow
 * `iot:AssumeRoleWithCertificate` on the role alias, or that is not the certificate of the named thing.
 */
public class CredentialsNotAuthorizedException(message: String, errorCode: String?, statusCode: Int?, requestId: String?) :
    CredentialsServiceException(message, errorCode, statusCode, requestId)

/** The identity pool, the identity or the role alias (HTTP 404) does not exist. */
public class CredentialsResourceNotFoundException(message: String, errorCode: String?, statusCode: Int?, requestId: String?) :
    CredentialsServiceException(message, errorCode, statusCode, requestId)

/** The service throttled the requests (Cognito `TooManyRequestsException`, HTTP 429); retryable after a pause. */
public class CredentialsThrottledException(message: String, errorCode: String?, statusCode: Int?, requestId: String?) :
    CredentialsServiceException(message, errorCode, statusCode, requestId, isRetryable = true)
