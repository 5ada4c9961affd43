package dev.iotsdk.auth

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
