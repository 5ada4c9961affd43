package dev.iotsdk.core.internal.transport

import java.io.ByteArrayOutputStream

/**
 * HiveMQ builds the WebSocket URL with `java.net.URI`'s multi-argument constructor, which quotes every `%` again:
 * a presigned query handed over as-is arrives double-encoded (`%2F` becomes `%252F`) and its signature no longer
 * matches. This undoes the percent-encoding so that the constructor's own quoting produces the single encoding
 * the signature was computed over. Characters legal in a URI query (`/`, `+`, `=`, `:`) travel raw, which servers
 * decode to the same values.
 */
internal object WebSocketQuery {
    fun forHiveMq(encodedQuery: String): String = encodedQuery.split('&').joinToString("&") { part ->
        val eq = part.indexOf('=')
        if (eq <
            0
        ) {
            percentDecode(part)
        } else {
            percentDecode(part.substring(0, eq)) + "=" +
                percentDecode(part.substring(eq + 1))
        }
    }

    private fun percentDecode(s: String): String {
        if ('%' !in s) return s
        val out = ByteArrayOutputStream(s.length)
        var i = 0
        while (i < s.length) {
            val c = s[i]
            if (c == '%' && i + 2 <= s.lastIndex) {
                out.write(s.substring(i + 1, i + 3).toInt(16))
                i += 3
            } else {
                out.write(c.toString().toByteArray(Charsets.UTF_8))
                i++
            }
        }
        return out.toString(Charsets.UTF_8.name())
    }
}
