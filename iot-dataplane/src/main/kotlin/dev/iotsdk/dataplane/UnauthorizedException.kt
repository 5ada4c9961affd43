package dev.iotsdk.dataplane

/** 401: the caller is not authorized for this action (IAM policy). Check the policy of the credentials. */
public class UnauthorizedException internal constructor(message: String, statusCode: Int, requestId: String?) :
    DataPlaneServiceException(message, "UnauthorizedException", statusCode, requestId)
