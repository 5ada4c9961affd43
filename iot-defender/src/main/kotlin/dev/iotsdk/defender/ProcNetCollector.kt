package dev.iotsdk.defender

import dev.iotsdk.defender.internal.ProcNetParser
import dev.iotsdk.defender.internal.ProcNetParser.Socket
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import java.io.IOException
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths

/**
 * The standard metrics of a Linux or Android device, read from `/proc` (or from [root], a directory laid out like it,
 * for tests): listening TCP ports (`net/tcp`, `net/tcp6` in state LISTEN), listening UDP ports (`net/udp`, `net/udp6`
 * unconnected), established TCP connections (state ESTABLISHED, `remote_addr` as `ip:port`, IPv4-mapped peers as
 * IPv4) and network statistics from `net/dev` (every interface but `lo`), as deltas since the previous [collect]:
 * the first call has no baseline and leaves them out; a counter that went down (a reset) counts from zero.
 *
 * A file that is missing or unreadable (Android 10+ refuses `/proc/net` to apps) leaves its metric out. Interface
 * names are not known from these files and are left out. Ports seen on both IPv4 and IPv6 are listed once.
 *
 * ```kotlin
 * val reporter = DefenderReporter(client, collector = ProcNetCollector())
 * val metrics: DeviceMetrics = ProcNetCollector(Paths.get("/proc")).collect()
 * ```
 * Thread-safe; reads run on [Dispatchers.IO].
 */
public class ProcNetCollector @JvmOverloads constructor(
    /** The `/proc` directory. */
    public val root: Path = Paths.get("/proc"),
) : DeviceMetricsCollector {
    private val lock = Any()
    private var previous: LongArray? = null

    override suspend fun collect(): DeviceMetrics = withContext(Dispatchers.IO) {
        val tcp = sockets("tcp", "tcp6")
        val udp = sockets("udp", "udp6")
        DeviceMetrics(
            listeningTcpPorts = tcp?.let { ports(it.filter { s -> s.state == ProcNetParser.TCP_LISTEN }) },
            listeningUdpPorts = udp?.let {
                ports(it.filter { s -> s.state == ProcNetParser.UDP_UNCONNECTED && s.remotePort == 0 })
            },
            networkStats = read("dev")?.let { stats(ProcNetParser.deviceTotals(it)) },
            tcpConnections = tcp?.let { sockets ->
                val established = sockets.filter { it.state == ProcNetParser.TCP_ESTABLISHED }
                    .map { TcpConnection("${it.remoteIp}:${it.remotePort}", it.localPort) }
                TcpConnections(established)
            },
        )
    }

    override fun toString(): String = "ProcNetCollector($root)"

    private fun sockets(vararg files: String): List<Socket>? {
        val texts = files.mapNotNull { read(it) }
        return if (texts.isEmpty()) null else texts.flatMap { ProcNetParser.sockets(it) }
    }

    private fun ports(sockets: List<Socket>): ListeningPorts {
        val ports = sockets.map { it.localPort }.filter { it > 0 }.distinct().sorted().map { ListeningPort(it) }
        return ListeningPorts(ports)
    }

    private fun stats(totals: LongArray): NetworkStats? = synchronized(lock) {
        val before = previous
        previous = totals
        if (before == null) return null
        val delta = LongArray(totals.size) { i -> if (totals[i] >= before[i]) totals[i] - before[i] else totals[i] }
        NetworkStats(delta[0], delta[1], delta[2], delta[3])
    }

    private fun read(name: String): String? = try {
        String(Files.readAllBytes(root.resolve("net").resolve(name)), Charsets.UTF_8)
    } catch (ignored: IOException) {
        null
    } catch (ignored: SecurityException) {
        null
    }
}
