package dev.iotsdk.defender

import dev.iotsdk.defender.internal.IpAddresses

/**
 * The `tcp_connections.established_connections` (`tc.ec`) metric: established TCP connections; [total] defaults to
 * the number of [connections].
 *
 * ```kotlin
 * val tcp = TcpConnections(listOf(TcpConnection("192.168.0.1:8000", localPort = 80, localInterface = "eth0")))
 * ```
 * @throws IllegalArgumentException when [total] is negative.
 */
public class TcpConnections @JvmOverloads constructor(
    /** The connections. */
    public val connections: List<TcpConnection>,
    /** How many connections are established (`total`/`t`). */
    public val total: Int = connections.size,
) {
    init {
        require(total >= 0) { "total must not be negative, not $total" }
    }

    override fun equals(other: Any?): Boolean =
        other is TcpConnections && connections == other.connections && total == other.total

    override fun hashCode(): Int = connections.hashCode() * HASH + total

    override fun toString(): String = "TcpConnections(total=$total, connections=$connections)"

    private companion object {
        private const val HASH = 31
    }
}

/**
 * One established connection: the peer as `ip:port` (`remote_addr`/`rad`; IPv6 as `[addr]:port` or `addr:port`), the
 * local port (`local_port`/`lp`) and the local interface (`local_interface`/`li`).
 *
 * ```kotlin
 * val peer = TcpConnection("192.168.0.1:8000", localPort = 80)
 * ```
 * @throws IllegalArgumentException when [remoteAddress] is not `ip:port` or [localPort] is outside 0-65535.
 */
public class TcpConnection @JvmOverloads constructor(
    /** The remote address, `ip:port`. */
    public val remoteAddress: String,
    /** The local port, or `null`. */
    public val localPort: Int? = null,
    /** The local interface name, or `null`. */
    public val localInterface: String? = null,
) {
    init {
        require(IpAddresses.isAddressWithPort(remoteAddress)) {
            "remoteAddress must be ip:port (IPv4 or IPv6), not ${remoteAddress.take(MAX_SHOWN)}"
        }
        require(localPort == null || localPort in 0..MAX_PORT) { "localPort must be 0-$MAX_PORT, not $localPort" }
    }

    override fun equals(other: Any?): Boolean = other is TcpConnection &&
        remoteAddress == other.remoteAddress &&
        localPort == other.localPort &&
        localInterface == other.localInterface

    override fun hashCode(): Int =
        (remoteAddress.hashCode() * HASH + (localPort ?: 0)) * HASH + localInterface.hashCode()

    override fun toString(): String = "$localPort->$remoteAddress"

    private companion object {
        private const val HASH = 31
        private const val MAX_PORT = 65_535
        private const val MAX_SHOWN = 60
    }
}
