package dev.iotsdk.dataplane

/** 429: too many requests; retried automatically for the configured attempts, then thrown. Slow down. */
public class ThrottlingException internal constructor(message: String, statusCode: Int, requestId: String?) :
    DataPlaneServiceException(message, "ThrottlingException", statusCode, requestId, isRetryable = true)
