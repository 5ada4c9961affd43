package dev.iotsdk.auth.internal

/** SigV4 URI encoding: RFC 3986 unreserved characters stay, every other UTF-8 byte becomes `%XX` (upper-case). */
internal object UriEncoding {
    private const val HEX_UPPER = "0123456789ABCDEF"

    private fun isUnreserved(c: Char): Boolean =
        c in 'A'..'Z' || c in 'a'..'z' || c in '0'..'9' || c == '-' || c == '_' || c == '.' || c == '~'

    /** Encodes [value] completely (including `/` and `%`). */
    fun encode(value: String): String = encode(value, keepPercentEscapes = false)

    /**
     * Encodes [value]; with [keepPercentEscapes] an existing `%XX` escape is copied as is (single encoding of an
     * already-encoded path segment, S3 style).
     */
    fun encode(value: String, keepPercentEscapes: Boolean): String {
        val sb = StringBuilder(value.length + 16)
        var i = 0
        while (i < value.length) {
            val c = value[i]
            when {
                isUnreserved(c) -> sb.append(c)
                keepPercentEscapes && c == '%' && isHex(value, i + 1) && isHex(value, i + 2) ->
                    sb.append(value, i, i + 3).also { i += 2 }
                else -> {
                    val end = if (Character.isHighSurrogate(c) && i + 1 < value.length) i + 2 else i + 1
                    for (b in value.substring(i, end).toByteArray(Charsets.UTF_8)) {
                        val v = b.toInt() and 0xff
                        sb.append('%').append(HEX_UPPER[v ushr 4]).append(HEX_UPPER[v and 0x0f])
                    }
                    i = end - 1
                }
            }
            i++
        }
        return sb.toString()
    }

    private fun isHex(s: String, index: Int): Boolean =
        index < s.length && s[index].let { it in '0'..'9' || it in 'a'..'f' || it in 'A'..'F' }
}
