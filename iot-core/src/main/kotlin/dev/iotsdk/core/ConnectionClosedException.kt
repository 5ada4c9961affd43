package dev.iotsdk.core

import dev.iotsdk.common.IotClientException

/** A connection that ended after it was established. [reasonCode] is the server's DISCONNECT reason, if any. */
public class ConnectionClosedException(
    message: String,
    /** The server's DISCONNECT reason code (MQTT 5), when there was one. */
    public val reasonCode: Int? = null,
    cause: Throwable? = null,
) : IotClientException(message, cause, isRetryable = true)
