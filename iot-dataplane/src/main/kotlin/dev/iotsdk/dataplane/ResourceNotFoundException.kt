package dev.iotsdk.dataplane

/** 404: the thing, shadow, retained message or connection does not exist. */
public class ResourceNotFoundException internal constructor(message: String, statusCode: Int, requestId: String?) :
    DataPlaneServiceException(message, "ResourceNotFoundException", statusCode, requestId)
