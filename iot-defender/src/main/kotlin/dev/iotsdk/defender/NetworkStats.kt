package dev.iotsdk.defender

/**
 * The `network_stats` (`ns`) metric: bytes and packets in and out **since the previous report** (AWS calls them delta
 * metrics), all at least 0.
 *
 * ```kotlin
 * val stats = NetworkStats(bytesIn = 29_358, bytesOut = 2_648, packetsIn = 100, packetsOut = 11)
 * ```
 * @throws IllegalArgumentException when a value is negative.
 */
public class NetworkStats(
    /** Bytes received (`bytes_in`/`bi`). */
    public val bytesIn: Long,
    /** Bytes sent (`bytes_out`/`bo`). */
    public val bytesOut: Long,
    /** Packets received (`packets_in`/`pi`). */
    public val packetsIn: Long,
    /** Packets sent (`packets_out`/`po`). */
    public val packetsOut: Long,
) {
    init {
        require(bytesIn >= 0 && bytesOut >= 0 && packetsIn >= 0 && packetsOut >= 0) {
            "network statistics must not be negative"
        }
    }

    override fun equals(other: Any?): Boolean = other is NetworkStats &&
        bytesIn == other.bytesIn &&
        bytesOut == other.bytesOut &&
        packetsIn == other.packetsIn &&
        packetsOut == other.packetsOut

    override fun hashCode(): Int = listOf(bytesIn, bytesOut, packetsIn, packetsOut).hashCode()

    override fun toString(): String =
        "NetworkStats(bytesIn=$bytesIn, bytesOut=$bytesOut, packetsIn=$packetsIn, packetsOut=$packetsOut)"
}
