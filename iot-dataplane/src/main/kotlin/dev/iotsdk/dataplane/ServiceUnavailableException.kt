package dev.iotsdk.dataplane

/** 503: the service is unavailable; idempotent operations are retried automatically before this is thrown. */
public class ServiceUnavailableException internal constructor(message: String, statusCode: Int, requestId: String?) :
    DataPlaneServiceException(message, "ServiceUnavailableException", statusCode, requestId, isRetryable = true)
