package dev.iotsdk.core

import dev.iotsdk.common.IotClientException

/**
 * Another client (in this process or another) holds the [DurableQueue] directory: close it first, or give each client
 * its own directory. Thrown when the client is made.
 *
 * ```kotlin
 * try { IotMqttClient(config) } catch (e: DurableQueueLockedException) { println(e.directory) }
 * ```
 */
public class DurableQueueLockedException(
    /** The locked directory. */
    public val directory: String,
) : IotClientException(
    "The durable queue directory $directory is in use by another client; close that client or use another directory",
    isRetryable = true,
)
