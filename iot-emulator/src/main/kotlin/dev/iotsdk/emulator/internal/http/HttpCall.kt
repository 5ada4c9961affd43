package dev.iotsdk.emulator.internal.http

import dev.iotsdk.emulator.internal.ConnectionAttributes
import java.net.URI
import java.net.URLDecoder

/**
 * One HTTP request that reached the emulator through the front door ([listener] `443` or `8443`), with what TLS
 * told about the caller: [connection] carries the client certificate id and its thing when one was presented.
 * Header names are lower case; [rawQuery] is the query string as sent (still percent-encoded), `null` when absent.
 */
internal class HttpCall(
    val method: String,
    val rawPath: String,
    val rawQuery: String?,
    val headers: Map<String, List<String>>,
    val body: ByteArray,
    val connection: ConnectionAttributes?,
) {
    /** The decoded path. */
    val path: String get() = URI("http://h$rawPath").path

    /** The first value of [name] (case-insensitive), or `null`. */
    fun header(name: String): String? = headers[name.lowercase()]?.firstOrNull()

    /** The front-door listener the request came through, or `null` when unknown. */
    val listener: String? get() = connection?.listener

    /** The id of the verified client certificate, or `null` when the caller presented none. */
    val certificateId: String? get() = connection?.certificateId

    /**
     * The service named in the SigV4 credential scope of the `Authorization` header (`iot`, `iotdata`,
     * `greengrass`, ...), or `null` when the request is not header-signed.
     */
    val signingService: String? get() {
        val auth = header("authorization") ?: return null
        val credential = auth.substringAfter("Credential=", "").substringBefore(',').trim()
        val scope = credential.split('/')
        return if (scope.size == 5) scope[3] else null
    }

    /** Decoded query parameters in order (a name may repeat). */
    fun queryParameters(): List<Pair<String, String>> = rawQuery.orEmpty().split('&').filter { it.isNotEmpty() }.map {
        val i = it.indexOf('=')
        val k = if (i < 0) it else it.substring(0, i)
        val v = if (i < 0) "" else it.substring(i + 1)
        decode(k) to decode(v)
    }

    private fun decode(s: String): String = URLDecoder.decode(s.replace("+", "%2B"), Charsets.UTF_8)
}

/** What an [HttpRoute] answers. */
internal class HttpReply(
    val status: Int,
    val body: ByteArray = ByteArray(0),
    val headers: Map<String, String> = emptyMap(),
) {
    companion object {
        /** A JSON answer. */
        fun json(status: Int, json: String, headers: Map<String, String> = emptyMap()): HttpReply =
            HttpReply(status, json.toByteArray(), mapOf("Content-Type" to "application/json") + headers)
    }
}

/** A handler for every request under one path prefix. Called on an emulator HTTP thread; may block briefly. */
internal fun interface HttpRoute {
    fun handle(call: HttpCall): HttpReply
}
