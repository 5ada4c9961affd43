package dev.iotsdk.common

/**
 * A failure detected by the SDK itself: invalid input refused before anything was sent, a connection that could
 * not be established, a timeout, a closed client. The message says what to do next.
 *
 * ```kotlin
 * try { client.publish(message) } catch (e: IotClientException) { if (e.isRetryable) retryLater(message) }
 * ```
 */
public open class IotClientException(message: String, cause: Throwable? = null, isRetryable: Boolean = false) :
    IotSdkException(message, cause, isRetryable)
