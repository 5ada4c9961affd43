package dev.iotsdk.core

import dev.iotsdk.common.IotServiceException

/** A PUBACK carried a failure reason code. */
public class PublishRejectedException(
    /** The topic published to. */
    public val topic: String,
    /** The PUBACK reason code. */
    public val reasonCode: Int,
    /** The reason code's name. */
    public val reasonName: String,
    /** The broker's reason string, if any. */
    public val reasonString: String? = null,
) : IotServiceException(
    "Publish to '$topic' was rejected: $reasonName (0x${reasonCode.toString(16)})" +
        (reasonString?.let { ": $it" } ?: ""),
    errorCode = reasonName,
    statusCode = reasonCode,
)
