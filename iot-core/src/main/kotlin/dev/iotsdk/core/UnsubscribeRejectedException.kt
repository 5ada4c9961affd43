package dev.iotsdk.core

import dev.iotsdk.common.IotServiceException
import dev.iotsdk.core.internal.AckReasons

/** An UNSUBACK carried a failure reason code. */
public class UnsubscribeRejectedException(
    /** The filter. */
    public val filter: String,
    /** The UNSUBACK reason code. */
    public val reasonCode: Int,
) : IotServiceException(
    "Unsubscribe from '$filter' was rejected: ${AckReasons.describe(AckReasons.unsuback(reasonCode), reasonCode)}",
    errorCode = "UNSUBACK",
    statusCode = reasonCode,
)
