package dev.iotsdk.emulator.internal.http

/**
 * Limits of the HTTPS listeners: a request (head and body) must arrive within [requestTimeoutMillis] of its first
 * byte, and a keep-alive connection idle for [idleTimeoutMillis] is closed.
 */
internal class HttpSettings(val requestTimeoutMillis: Long, val idleTimeoutMillis: Long) {
    companion object {
        /** The largest request body (the data plane's documents and payloads are far smaller). */
        const val MAX_BODY: Int = 1024 * 1024

        /** The largest request head. */
        const val MAX_HEAD: Int = 16 * 1024

        /** How many pipelined requests one connection may have waiting. */
        const val MAX_PIPELINED: Int = 16
    }
}
