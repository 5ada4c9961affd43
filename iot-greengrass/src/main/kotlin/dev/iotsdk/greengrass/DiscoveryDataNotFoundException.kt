package dev.iotsdk.greengrass

/** 404: the thing is in no Greengrass group, so there is no core to discover (`DiscoveryDataNotFoundException`). */
public class DiscoveryDataNotFoundException(message: String, statusCode: Int, errorCode: String?, requestId: String?) :
    DiscoveryServiceException(message, statusCode, errorCode, requestId, false)
