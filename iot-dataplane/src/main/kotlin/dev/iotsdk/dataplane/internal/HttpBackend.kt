package dev.iotsdk.dataplane.internal

import java.io.Closeable

/**
 * One HTTP engine as [Transport] uses it: send a fully built, already signed request and return the whole answer.
 * Implementations do no retries of their own that the SDK would not count, throw on transport failures (any
 * [Exception]) and abort the exchange when the calling coroutine is cancelled; [Transport] bounds each call with
 * the request timeout.
 */
internal interface HttpBackend : Closeable {
    /**
     * Sends [method] to [url] (path and query already encoded) with [headers] and, when not `null`, [body] as an
     * `application/octet-stream` body with its `Content-Length`.
     */
    suspend fun exchange(method: String, url: String, headers: List<Pair<String, String>>, body: ByteArray?): HttpAnswer
}

/** A complete HTTP answer: [status], a case-insensitive [header] lookup (first value) and the whole [body]. */
internal class HttpAnswer(val status: Int, val body: ByteArray, private val headerLookup: (String) -> String?) {
    fun header(name: String): String? = headerLookup(name)
}
