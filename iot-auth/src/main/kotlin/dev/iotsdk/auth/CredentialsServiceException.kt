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

/**
 * The caller may not have credentials: a Cognito pool without unauthenticated access asked without logins, logins
 * that do not match, or (IoT credentials provider, HTTP 403) a certificate whose policy does not allow
 * `iot:AssumeRoleWithCertificate` on the role alias, or that is not the certificate of the named thing.
 */
public class CredentialsNotAuthorizedException(
    message: String,
    errorCode: String?,
    statusCode: Int?,
    requestId: String?,
) : CredentialsServiceException(message, errorCode, statusCode, requestId)

/** The identity pool, the identity or the role alias (HTTP 404) does not exist. */
public class CredentialsResourceNotFoundException(
    message: String,
    errorCode: String?,
    statusCode: Int?,
    requestId: String?,
) : CredentialsServiceException(message, errorCode, statusCode, requestId)

/** The service throttled the requests (Cognito `TooManyRequestsException`, HTTP 429); retryable after a pause. */
public class CredentialsThrottledException(message: String, errorCode: String?, statusCode: Int?, requestId: String?) :
    CredentialsServiceException(message, errorCode, statusCode, requestId, isRetryable = true)

/**
 * The service could not assume the IAM role behind the identity pool or role alias: Cognito's
 * `InvalidIdentityPoolConfigurationException` (no role for this kind of identity, or AssumeRole failed), or the IoT
 * credentials provider's HTTP 400 (the role does not exist, does not trust `credentials.iot.amazonaws.com`, or has a
 * `MaxSessionDuration` below the role alias's `credentialDurationSeconds`). The fix is in the AWS account, not on the
 * device; asking again does not help.
 */
public class CredentialsRoleConfigurationException(
    message: String,
    errorCode: String?,
    statusCode: Int?,
    requestId: String?,
) : CredentialsServiceException(message, errorCode, statusCode, requestId)
