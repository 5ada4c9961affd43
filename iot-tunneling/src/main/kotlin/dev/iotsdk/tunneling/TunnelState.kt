package dev.iotsdk.tunneling

/**
 * The state of a [SecureTunnel]'s WebSocket to the tunneling service.
 *
 * ```kotlin
 * tunnel.state.first { it == TunnelState.CONNECTED }
 * ```
 */
public enum class TunnelState {
    /** Opening the WebSocket (first time or after a failure, waiting for its backoff). */
    CONNECTING,

    /** Connected; streams flow. */
    CONNECTED,

    /** Stopped for good: closed by the user, or refused by the service with a 4xx (see [SecureTunnel.failure]). */
    CLOSED,
}
