package dev.iotsdk.greengrass

/**
 * 401/403: the device certificate is not accepted or its policy does not allow `greengrass:Discover` on the thing
 * (the v1 SDK's `DiscoveryUnauthorizedException`).
 */
public class DiscoveryUnauthorizedException(message: String, statusCode: Int, errorCode: String?, requestId: String?) :
    DiscoveryServiceException(message, statusCode, errorCode, requestId, false)
