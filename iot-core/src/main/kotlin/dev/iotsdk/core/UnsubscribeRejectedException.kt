package dev.iotsdk.core

import dev.iotsdk.common.IotServiceException

/** An UNSUBACK carried a failure reason code. */
public class UnsubscribeRejectedException(
    /** The filter. */
    public val filter: String,
    /** The UNSUBACK reason code. */
    public val reasonCode: Int,
) : IotServiceException(
    "Unsubscribe from '$filter' was rejected (0x${reasonCode.toString(16)})",
    errorCode = "UNSUBACK",
    statusCode = reasonCode,
)
