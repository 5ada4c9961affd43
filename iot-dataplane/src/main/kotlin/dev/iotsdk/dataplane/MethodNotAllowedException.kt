package dev.iotsdk.dataplane

/** 405: the HTTP method is not allowed on this resource. */
public class MethodNotAllowedException internal constructor(message: String, statusCode: Int, requestId: String?) :
    DataPlaneServiceException(message, "MethodNotAllowedException", statusCode, requestId)
