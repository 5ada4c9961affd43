package dev.iotsdk.defender.internal

/** Syntax checks of IP literals (never a DNS lookup): IPv4 dotted quads and IPv6 text forms. */
internal object IpAddresses {
    private val IPV4 = Regex("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)")
    private val IPV6_CHARS = Regex("[0-9a-fA-F:.]{2,45}(%[0-9A-Za-z_.-]{1,32})?")
    private const val MAX_PORT = 65_535
    private const val MAX_GROUPS = 8

    fun isIp(text: String): Boolean = IPV4.matches(text) || isIpv6(text)

    /** `a.b.c.d:port`, `[v6]:port` or `v6:port` (the last colon splits). */
    fun isAddressWithPort(text: String): Boolean {
        val colon = text.lastIndexOf(':')
        val port = text.substring(colon + 1).toIntOrNull()
        return colon > 0 &&
            port != null &&
            port in 0..MAX_PORT &&
            isIp(text.substring(0, colon).removeSurrounding("[", "]"))
    }

    private fun isIpv6(text: String): Boolean {
        if (!IPV6_CHARS.matches(text) || ':' !in text) return false
        val address = text.substringBefore('%')
        if (address.split("::").size > 2) return false
        val groups = address.split(':').filter { it.isNotEmpty() }
        val last = groups.lastOrNull()
        val tailV4 = last != null && '.' in last
        if (tailV4 && !IPV4.matches(last)) return false
        val hexGroups = if (tailV4) groups.dropLast(1) else groups
        val width = hexGroups.size + if (tailV4) 2 else 0
        val compressed = "::" in address
        return hexGroups.all { it.length in 1..4 && it.all { c -> c.isDigit() || c.lowercaseChar() in 'a'..'f' } } &&
            if (compressed) width < MAX_GROUPS else width == MAX_GROUPS
    }
}
