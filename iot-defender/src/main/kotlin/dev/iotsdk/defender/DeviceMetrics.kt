package dev.iotsdk.defender

/**
 * The standard device-side metrics of a report (`metrics`/`met`); each is optional. [DeviceMetricsCollector]s produce
 * them; [ProcNetCollector] reads them from Linux's (and Android's) `/proc`.
 *
 * ```kotlin
 * val metrics = DeviceMetrics(listeningTcpPorts = ListeningPorts(listOf(ListeningPort(22))))
 * ```
 */
public class DeviceMetrics @JvmOverloads constructor(
    /** `listening_tcp_ports` (`tp`). */
    public val listeningTcpPorts: ListeningPorts? = null,
    /** `listening_udp_ports` (`up`). */
    public val listeningUdpPorts: ListeningPorts? = null,
    /** `network_stats` (`ns`), deltas since the previous report. */
    public val networkStats: NetworkStats? = null,
    /** `tcp_connections.established_connections` (`tc.ec`). */
    public val tcpConnections: TcpConnections? = null,
) {
    /** Whether no metric is set. */
    public val isEmpty: Boolean
        get() = listeningTcpPorts == null && listeningUdpPorts == null && networkStats == null && tcpConnections == null

    override fun equals(other: Any?): Boolean = other is DeviceMetrics &&
        listeningTcpPorts == other.listeningTcpPorts &&
        listeningUdpPorts == other.listeningUdpPorts &&
        networkStats == other.networkStats &&
        tcpConnections == other.tcpConnections

    override fun hashCode(): Int = listOf(listeningTcpPorts, listeningUdpPorts, networkStats, tcpConnections).hashCode()

    override fun toString(): String =
        "DeviceMetrics(tcp=$listeningTcpPorts, udp=$listeningUdpPorts, net=$networkStats, conn=$tcpConnections)"
}
