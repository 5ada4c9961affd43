package dev.iotsdk.defender

/**
 * The `listening_tcp_ports` (`tp`) or `listening_udp_ports` (`up`) metric: the ports the device listens on.
 * [total] defaults to the number of [ports]; AWS lets a device send fewer ports than its total.
 *
 * ```kotlin
 * val tcp = ListeningPorts(listOf(ListeningPort(22), ListeningPort(443, "eth0")))
 * ```
 * @throws IllegalArgumentException when [total] is negative.
 */
public class ListeningPorts @JvmOverloads constructor(
    /** The ports. */
    public val ports: List<ListeningPort>,
    /** How many ports listen (`total`/`t`). */
    public val total: Int = ports.size,
) {
    init {
        require(total >= 0) { "total must not be negative, not $total" }
    }

    override fun equals(other: Any?): Boolean = other is ListeningPorts && ports == other.ports && total == other.total

    override fun hashCode(): Int = ports.hashCode() * HASH + total

    override fun toString(): String = "ListeningPorts(total=$total, ports=$ports)"

    private companion object {
        private const val HASH = 31
    }
}

/**
 * One listening port (`port`/`pt`, 1-65535) and, optionally, its interface (`interface`/`if`).
 *
 * ```kotlin
 * val ssh = ListeningPort(22, "eth0")
 * ```
 * @throws IllegalArgumentException for a port outside 1-65535 (AWS: "ports should be numbers greater than 0").
 */
public class ListeningPort @JvmOverloads constructor(
    /** The port number. */
    public val port: Int,
    /** The interface name, e.g. `eth0`, or `null`. */
    public val interfaceName: String? = null,
) {
    init {
        require(port in 1..MAX_PORT) { "a listening port must be 1-$MAX_PORT, not $port" }
    }

    override fun equals(other: Any?): Boolean =
        other is ListeningPort && port == other.port && interfaceName == other.interfaceName

    override fun hashCode(): Int = port * HASH + interfaceName.hashCode()

    override fun toString(): String = if (interfaceName == null) "$port" else "$port@$interfaceName"

    private companion object {
        private const val HASH = 31
        private const val MAX_PORT = 65_535
    }
}
