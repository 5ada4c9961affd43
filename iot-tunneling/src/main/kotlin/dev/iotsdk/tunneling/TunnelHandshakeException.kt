package dev.iotsdk.tunneling

import dev.iotsdk.common.IotClientException

/**
 * The tunneling service refused the WebSocket handshake with HTTP [status]: a 4xx (bad, spent or rotated access
 * token, mode mismatch, closed tunnel) is not retried (AWS protocol guide: "Do not retry unless the problem is
 * understood and the request changes"); a 5xx is retried with backoff. The message never holds a token.
 *
 * ```kotlin
 * tunnel.failure.filterNotNull().first().let { if (it is TunnelHandshakeException) println(it.status) }
 * ```
 */
public class TunnelHandshakeException(
    /** The HTTP status of the refused upgrade. */
    public val status: Int,
    message: String,
    cause: Throwable? = null,
) : IotClientException(message, cause, isRetryable = status >= SERVER_ERROR) {
    private companion object {
        const val SERVER_ERROR = 500
    }
}
