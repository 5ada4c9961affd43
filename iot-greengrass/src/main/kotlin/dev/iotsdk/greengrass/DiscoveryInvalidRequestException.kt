package dev.iotsdk.greengrass

/** 400: the request was invalid (the v1 SDK's `DiscoveryInvalidRequestException`). */
public class DiscoveryInvalidRequestException(
    message: String,
    statusCode: Int,
    errorCode: String?,
    requestId: String?,
) : DiscoveryServiceException(message, statusCode, errorCode, requestId, false)
