package dev.iotsdk.core

/** The WebSocket upgrade was refused (HTTP [status]): typically a bad or expired SigV4 signature. */
public class WebSocketHandshakeException(
    /** The HTTP status of the refused upgrade, when known. */
    public val status: Int?,
    message: String,
    cause: Throwable? = null,
) : ConnectFailedException(message, cause, isRetryable = false)
