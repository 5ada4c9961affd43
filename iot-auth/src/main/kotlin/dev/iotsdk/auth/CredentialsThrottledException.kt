package dev.iotsdk.auth

/** The service throttled the requests (Cognito `TooManyRequestsException`, HTTP 429); retryable after a pause. */
public class CredentialsThrottledException(message: String, errorCode: String?, statusCode: Int?, requestId: String?) :
    CredentialsServiceException(message, errorCode, statusCode, requestId, isRetryable = true)
