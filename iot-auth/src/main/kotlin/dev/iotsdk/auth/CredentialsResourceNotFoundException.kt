package dev.iotsdk.auth

/** The identity pool, the identity or the role alias (HTTP 404) does not exist. */
public class CredentialsResourceNotFoundException(
    message: String,
    errorCode: String?,
    statusCode: Int?,
    requestId: String?,
) : CredentialsServiceException(message, errorCode, statusCode, requestId)
