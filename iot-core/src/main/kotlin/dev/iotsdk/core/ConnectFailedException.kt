package dev.iotsdk.core

import dev.iotsdk.common.IotClientException

/**
 * A connection could not be established. [isRetryable] tells whether trying again may help (the network) or not
 * (credentials, certificates, configuration).
 */
public open class ConnectFailedException(message: String, cause: Throwable? = null, isRetryable: Boolean) :
    IotClientException(message, cause, isRetryable)
