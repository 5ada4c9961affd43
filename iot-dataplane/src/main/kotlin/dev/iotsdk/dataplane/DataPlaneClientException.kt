package dev.iotsdk.dataplane

import dev.iotsdk.common.IotClientException

/**
 * The call did not get a usable answer: the connection failed or was reset, TLS failed, the request timed out, or
 * the server answered something that is not the documented response (garbage, a truncated body). [isRetryable] is
 * `true` for network failures and timeouts. Idempotent operations were already retried before this was thrown.
 */
public class DataPlaneClientException internal constructor(message: String, cause: Throwable?, isRetryable: Boolean) :
    IotClientException(message, cause, isRetryable)
