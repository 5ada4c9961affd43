package dev.iotsdk.emulator.internal

import java.net.Inet6Address
import java.net.InetAddress

/**
 * The names the emulator's server certificate carries. AWS IoT's certificates name DNS hosts only, so by default the
 * emulator's names `localhost` (its endpoint) and nothing else: a client that connects by IP address fails against
 * the emulator as it would against AWS. Names a user adds on purpose (a DNS name, or an address such as `10.0.2.2`
 * for an app in the Android emulator) come from [dev.iotsdk.emulator.IotEmulatorConfig.serverNames].
 */
internal object ServerNames {
    /** The endpoint's name, always first. */
    const val ENDPOINT: String = "localhost"

    /** What Greengrass test cores name: their connectivity entries are loopback addresses. */
    val CORE: List<String> = listOf("localhost", "127.0.0.1", "::1")

    private const val OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
    private val IPV4 = Regex("$OCTET(\\.$OCTET){3}")
    private val IPV6 = Regex("[0-9A-Fa-f:.]{2,45}")
    private const val LABEL = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    private val DNS = Regex("$LABEL(\\.$LABEL)*")
    private const val MAX_DNS_LENGTH = 253

    /** Whether [name] is an IPv4 or IPv6 address literal (no name lookup). */
    fun isIpLiteral(name: String): Boolean =
        IPV4.matches(name) || (IPV6.matches(name) && name.contains(':') && isIpv6(name))

    // a string with ':' is parsed as an IPv6 literal by the JDK, never looked up
    private fun isIpv6(name: String): Boolean = runCatching { InetAddress.getByName(name) is Inet6Address }
        .getOrDefault(false)

    /** `null` when [name] can be put in the certificate, else what is wrong with it. */
    fun problem(name: String): String? = when {
        isIpLiteral(name) -> null
        name.length > MAX_DNS_LENGTH || !DNS.matches(name) -> "'$name' is neither a DNS name nor an IP address"
        else -> null
    }

    /** The certificate's names for the configured [extra] names: the endpoint first, then each once. */
    fun of(extra: List<String>): List<String> = (listOf(ENDPOINT) + extra).distinct()
}
