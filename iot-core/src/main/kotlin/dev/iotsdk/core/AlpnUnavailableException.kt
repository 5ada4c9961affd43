package dev.iotsdk.core

/**
 * The connection needs ALPN [protocol] (AWS IoT on port 443: `x-amzn-mqtt-ca` for mutual TLS, `mqtt` for custom
 * authorizers) and this runtime cannot offer it on its TLS sockets, so the client did not connect: it never connects
 * to port 443 without ALPN. Not retryable.
 *
 * ALPN is available on JDK 9 and later, on Android 10 (API 29) and later, and on Android 8 and 9 through the
 * platform's Conscrypt sockets or an app-bundled Conscrypt (`org.conscrypt:conscrypt-android`) installed as the
 * first security provider. Where none of these exists, connect on port 8883 (`ConnectionType.MutualTls` with
 * `alpn = false`) or over WebSocket on port 443.
 */
public class AlpnUnavailableException internal constructor(
    /** The ALPN protocol the connection needed. */
    public val protocol: String,
    /** Why it cannot be offered here (the TLS socket's class and what it lacks). */
    public val reason: String,
    cause: Throwable? = null,
) : ConnectFailedException(
    "Cannot offer ALPN '$protocol' on this runtime ($reason). Port 443 with ALPN needs JDK 9+, Android 10 (API 29)+, " +
        "or Conscrypt on Android 8-9; connect on port 8883 (MutualTls with alpn = false) or over WebSocket instead",
    cause,
    isRetryable = false,
)
