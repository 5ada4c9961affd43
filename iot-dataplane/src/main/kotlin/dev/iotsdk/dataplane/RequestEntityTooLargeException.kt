package dev.iotsdk.dataplane

/** 413: the payload or the resulting shadow document is larger than the service allows. */
public class RequestEntityTooLargeException internal constructor(message: String, statusCode: Int, requestId: String?) :
    DataPlaneServiceException(message, "RequestEntityTooLargeException", statusCode, requestId)
