package dev.iotsdk.greengrass

/** 429: too many discovery requests, still throttled after the configured retries (`DiscoveryThrottlingException`). */
public class DiscoveryThrottlingException(message: String, statusCode: Int, errorCode: String?, requestId: String?) :
    DiscoveryServiceException(message, statusCode, errorCode, requestId, true)
