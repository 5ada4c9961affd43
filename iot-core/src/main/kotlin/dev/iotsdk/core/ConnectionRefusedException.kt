package dev.iotsdk.core

import dev.iotsdk.common.IotServiceException

/** The broker refused the CONNECT with a CONNACK failure [reasonCode] (MQTT 5 reason code or 3.1.1 return code). */
public class ConnectionRefusedException(
    /** The CONNACK reason code (MQTT 5) or return code (MQTT 3.1.1). */
    public val reasonCode: Int,
    /** The CONNACK reason code's name, such as `NOT_AUTHORIZED`. */
    public val reasonName: String,
    /** The broker's reason string, if any. */
    public val reasonString: String? = null,
    retryable: Boolean = false,
) : IotServiceException(
    "The broker refused the connection: $reasonName (0x${reasonCode.toString(16)})" +
        (reasonString?.let { ": $it" } ?: "") + ". Check the client id, credentials and the policy attached to them",
    errorCode = reasonName,
    statusCode = reasonCode,
    isRetryable = retryable,
)
