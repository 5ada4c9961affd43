package dev.iotsdk.core

/** The TLS handshake failed: a wrong certificate or key, an untrusted server, or a host name mismatch. */
public class TlsHandshakeException(message: String, cause: Throwable? = null) :
    ConnectFailedException(message, cause, isRetryable = false)
