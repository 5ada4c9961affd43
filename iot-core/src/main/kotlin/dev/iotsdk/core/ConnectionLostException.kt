package dev.iotsdk.core

import dev.iotsdk.common.IotClientException

/** The connection was lost while the operation was in flight and the queue behaviour fails such operations. */
public class ConnectionLostException(message: String, cause: Throwable? = null) :
    IotClientException(message, cause, isRetryable = true)
