package dev.iotsdk.core

import dev.iotsdk.common.IotClientException

/**
 * The [DurableQueue] could not read or write its directory (disk full, permissions, I/O error): the message was not
 * stored. The cause has the file system's reason; no message content is included.
 *
 * ```kotlin
 * try { client.publish(message) } catch (e: DurableQueueIoException) { log.warn(e.message) }
 * ```
 */
public class DurableQueueIoException(message: String, cause: Throwable?) : IotClientException(message, cause)
