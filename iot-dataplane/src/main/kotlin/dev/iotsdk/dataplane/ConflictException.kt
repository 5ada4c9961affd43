package dev.iotsdk.dataplane

/** 409: a conditional shadow update named a version that is not the current one; read the shadow and retry. */
public class ConflictException internal constructor(message: String, statusCode: Int, requestId: String?) :
    DataPlaneServiceException(message, "ConflictException", statusCode, requestId)
