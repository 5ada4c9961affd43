package dev.iotsdk.dataplane.internal

/**
 * Percent-encodes a URI label (thing name, shadow name, topic, client id): RFC 3986 unreserved characters stay,
 * every other UTF-8 byte becomes `%XX`, `/` included (the labels are non-greedy, spec dataplane.md §1).
 */
internal fun encodeLabel(value: String): String {
    val out = StringBuilder(value.length + 8)
    for (b in value.toByteArray(Charsets.UTF_8)) {
        val c = b.toInt() and 0xff
        val ch = c.toChar()
        if (ch in 'A'..'Z' || ch in 'a'..'z' || ch in '0'..'9' || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
            out.append(ch)
        } else {
            out.append('%').append(HEX[c shr 4]).append(HEX[c and 0xf])
        }
    }
    return out.toString()
}

private const val HEX = "0123456789ABCDEF"
