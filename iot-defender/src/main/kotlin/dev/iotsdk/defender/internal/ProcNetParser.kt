package dev.iotsdk.defender.internal

import java.net.InetAddress

/**
 * Parses the socket tables of Linux's `/proc/net/{tcp,tcp6,udp,udp6}` and the counters of `/proc/net/dev` (the
 * formats of the kernel's `tcp4_seq_show`/`udp4_format_sock` and `dev_seq_printf_stats`). Lines that do not parse
 * are skipped: the files belong to the kernel, not to an attacker, but a newer kernel may add columns.
 */
internal object ProcNetParser {
    const val TCP_ESTABLISHED = 0x01
    const val TCP_LISTEN = 0x0A
    const val UDP_UNCONNECTED = 0x07
    private const val HEX = 16
    private const val IPV4_HEX = 8
    private const val IPV6_HEX = 32
    private const val WORD_HEX = 8
    private const val MIN_COLUMNS = 4
    private const val DEV_COLUMNS = 16
    private const val TX_BYTES = 8
    private const val TX_PACKETS = 9
    private const val IPV4_BYTES = 4
    private val MAPPED_PREFIX = List(10) { 0 } + listOf(0xFF, 0xFF)

    /** One socket: local and remote address and port, and its state. */
    class Socket(val localIp: String, val localPort: Int, val remoteIp: String, val remotePort: Int, val state: Int)

    /** The sockets of a `/proc/net/{tcp,tcp6,udp,udp6}` file. */
    fun sockets(text: String): List<Socket> = text.lineSequence().drop(1).mapNotNull { line ->
        val columns = line.trim().split(Regex("\\s+"))
        if (columns.size < MIN_COLUMNS) return@mapNotNull null
        val local = endpoint(columns[1]) ?: return@mapNotNull null
        val remote = endpoint(columns[2]) ?: return@mapNotNull null
        val state = columns[3].toIntOrNull(HEX) ?: return@mapNotNull null
        Socket(local.first, local.second, remote.first, remote.second, state)
    }.toList()

    /** Totals over the interfaces of `/proc/net/dev` except loopback: bytes in, bytes out, packets in, packets out. */
    fun deviceTotals(text: String): LongArray {
        val totals = LongArray(4)
        text.lineSequence().filter { ':' in it }.forEach { line ->
            val name = line.substringBefore(':').trim()
            val columns = line.substringAfter(':').trim().split(Regex("\\s+"))
            val values = columns.mapNotNull { it.toLongOrNull() }
            if (name == "lo" || values.size < DEV_COLUMNS || values.size != columns.size) return@forEach
            totals[0] += values[0]
            totals[1] += values[TX_BYTES]
            totals[2] += values[1]
            totals[3] += values[TX_PACKETS]
        }
        return totals
    }

    /** `0100007F:1F90` to `127.0.0.1` and 8080; each 32-bit word is in little-endian (x86, ARM) byte order. */
    private fun endpoint(text: String): Pair<String, Int>? {
        val hex = text.substringBefore(':')
        val port = text.substringAfter(':', "").toIntOrNull(HEX)
        val words = hex.chunked(WORD_HEX).mapNotNull { it.toLongOrNull(HEX) }
        val whole = hex.length in setOf(IPV4_HEX, IPV6_HEX) && words.size * WORD_HEX == hex.length
        if (port == null || !whole) return null
        val bytes = words.flatMap { w -> (0 until IPV4_BYTES).map { ((w shr (it * Byte.SIZE_BITS)) and 0xFF).toInt() } }
        return address(bytes) to port
    }

    private fun address(bytes: List<Int>): String = when {
        bytes.size == IPV4_BYTES -> bytes.joinToString(".")
        // IPv4-mapped (::ffff:a.b.c.d), as a dual-stack socket shows IPv4 peers
        bytes.subList(0, MAPPED_PREFIX.size) == MAPPED_PREFIX -> bytes.takeLast(IPV4_BYTES).joinToString(".")
        // a literal: no name lookup happens
        else -> InetAddress.getByAddress(bytes.map { it.toByte() }.toByteArray()).hostAddress.substringBefore('%')
    }
}
