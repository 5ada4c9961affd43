package dev.iotsdk.dataplane

/** 400: the request is invalid (bad JSON, bad parameter, a shadow document the service refuses). Fix the input. */
public class InvalidRequestException internal constructor(message: String, statusCode: Int, requestId: String?) :
    DataPlaneServiceException(message, "InvalidRequestException", statusCode, requestId)
