package dev.iotsdk.auth

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
