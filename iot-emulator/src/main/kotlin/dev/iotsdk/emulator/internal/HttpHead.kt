package dev.iotsdk.emulator.internal

import io.netty.buffer.ByteBuf

/** A parsed HTTP/1.1 request head (request line and headers, names lower-cased). */
internal class HttpHead(
    val method: String,
    val path: String,
    val rawQuery: String?,
    val version: String,
    private val headerLines: List<String>,
    val headers: Map<String, String>,
    val headLength: Int,
) {
    fun header(name: String): String? = headers[name.lowercase()]

    /** The head with the request target replaced by [path] (the query, which may hold credentials, dropped). */
    fun rewrittenHead(path: String): ByteArray = (
        listOf(
            "$method $path $version",
        ) + headerLines
        ).joinToString("\r\n", postfix = "\r\n\r\n").toByteArray(Charsets.ISO_8859_1)

    companion object {
        /** Parses the head if [buf] holds a complete one (`\r\n\r\n`), without consuming it; else `null`. */
        fun parse(buf: ByteBuf): HttpHead? {
            val text = buf.toString(buf.readerIndex(), buf.readableBytes(), Charsets.ISO_8859_1)
            val end = text.indexOf("\r\n\r\n")
            if (end < 0) return null
            val lines = text.substring(0, end).split("\r\n")
            val requestLine = lines.first().split(' ')
            val method = requestLine.getOrElse(0) { "" }
            val target = requestLine.getOrElse(1) { "" }
            val version = requestLine.getOrElse(2) { "HTTP/1.1" }
            val q = target.indexOf('?')
            val headerLines = lines.drop(1).filter { it.isNotEmpty() }
            val headers = LinkedHashMap<String, String>()
            headerLines.forEach { line ->
                val colon = line.indexOf(':')
                if (colon > 0) {
                    val name = line.substring(0, colon).trim().lowercase()
                    val value = line.substring(colon + 1).trim()
                    headers[name] = headers[name]?.let { "$it,$value" } ?: value
                }
            }
            return HttpHead(
                method,
                if (q < 0) target else target.substring(0, q),
                if (q < 0) null else target.substring(q + 1),
                version,
                headerLines,
                headers,
                end + 4,
            )
        }
    }
}
