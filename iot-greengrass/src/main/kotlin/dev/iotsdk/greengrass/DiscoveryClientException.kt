package dev.iotsdk.greengrass

import dev.iotsdk.common.IotClientException

/**
 * Discovery failed on this side: the connection, the TLS handshake, the deadline, or an invalid thing name. The
 * message names the endpoint and what failed; [isRetryable] is true for network failures and timeouts.
 */
public open class DiscoveryClientException(message: String, cause: Throwable? = null, isRetryable: Boolean = false) :
    IotClientException(message, cause, isRetryable)
