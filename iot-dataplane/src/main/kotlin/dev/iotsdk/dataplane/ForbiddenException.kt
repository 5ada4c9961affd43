package dev.iotsdk.dataplane

/** 403: the request was refused: a bad or expired signature, unknown credentials, or a forbidden connection call. */
public class ForbiddenException internal constructor(message: String, statusCode: Int, requestId: String?) :
    DataPlaneServiceException(message, "ForbiddenException", statusCode, requestId)
