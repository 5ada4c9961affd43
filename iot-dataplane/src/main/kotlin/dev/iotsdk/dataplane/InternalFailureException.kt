package dev.iotsdk.dataplane

/** 500: the service failed; idempotent operations are retried automatically before this is thrown. */
public class InternalFailureException internal constructor(message: String, statusCode: Int, requestId: String?) :
    DataPlaneServiceException(message, "InternalFailureException", statusCode, requestId, isRetryable = true)
