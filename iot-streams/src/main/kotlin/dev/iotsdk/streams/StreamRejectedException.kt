package dev.iotsdk.streams

import dev.iotsdk.common.IotServiceException

/**
 * AWS IoT refused a DescribeStream or GetStream request (`…/rejected/<format>`). [errorCode] is AWS's code as sent
 * (`o`, or the older `code`): `InvalidTopic`, `InvalidJson`, `InvalidCbor`, `InvalidRequest`, `Unauthorized`,
 * `BlockSizeOutOfBounds`, `OffsetOutOfBounds`, `BlockCountLimitExceeded`, `BlockBitmapLimitExceeded`,
 * `ResourceNotFound`, `VersionMismatch`, `ETagMismatch` or `InternalError` (the only one [isRetryable]).
 *
 * ```kotlin
 * try { streams.describe() } catch (e: StreamRejectedException) {
 *     if (e.errorCode == "ResourceNotFound") reportJobFailed("stream gone")
 * }
 * ```
 */
public class StreamRejectedException internal constructor(
    errorCode: String?,
    /** `m`: AWS's message, as sent. */
    public val serviceMessage: String?,
    clientToken: String?,
    /** The stream the request was for. */
    public val streamId: String,
) : IotServiceException(
    "Stream $streamId: the request was rejected (${errorCode ?: "no error code"})" +
        (serviceMessage?.let { ": ${it.take(MAX_MESSAGE)}" } ?: ""),
    errorCode = errorCode,
    requestId = clientToken,
    isRetryable = errorCode == "InternalError",
) {
    private companion object {
        private const val MAX_MESSAGE = 200
    }
}
