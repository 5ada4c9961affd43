package dev.iotsdk.defender.internal

/** AWS's long and short key names of a metrics report (the Developer Guide's "Device metrics document specification"). */
internal object ReportKeys {
    const val HEADER = "header"
    const val REPORT_ID = "report_id"
    const val VERSION = "version"
    const val METRICS = "metrics"
    const val CUSTOM_METRICS = "custom_metrics"
    const val TCP_CONNECTIONS = "tcp_connections"
    const val ESTABLISHED = "established_connections"
    const val CONNECTIONS = "connections"
    const val REMOTE_ADDR = "remote_addr"
    const val LOCAL_PORT = "local_port"
    const val LOCAL_INTERFACE = "local_interface"
    const val TOTAL = "total"
    const val TCP_PORTS = "listening_tcp_ports"
    const val UDP_PORTS = "listening_udp_ports"
    const val PORTS = "ports"
    const val PORT = "port"
    const val INTERFACE = "interface"
    const val NETWORK_STATS = "network_stats"
    const val BYTES_IN = "bytes_in"
    const val BYTES_OUT = "bytes_out"
    const val PACKETS_IN = "packets_in"
    const val PACKETS_OUT = "packets_out"

    /** The custom metric value keys (the same in both styles). */
    const val NUMBER = "number"
    const val NUMBER_LIST = "number_list"
    const val STRING_LIST = "string_list"
    const val IP_LIST = "ip_list"

    val SHORT: Map<String, String> = mapOf(
        HEADER to "hed", REPORT_ID to "rid", VERSION to "v", METRICS to "met", CUSTOM_METRICS to "cmet",
        TCP_CONNECTIONS to "tc", ESTABLISHED to "ec", CONNECTIONS to "cs", REMOTE_ADDR to "rad",
        LOCAL_PORT to "lp", LOCAL_INTERFACE to "li", TOTAL to "t", TCP_PORTS to "tp", UDP_PORTS to "up",
        PORTS to "pts", PORT to "pt", INTERFACE to "if", NETWORK_STATS to "ns", BYTES_IN to "bi", BYTES_OUT to "bo",
        PACKETS_IN to "pi", PACKETS_OUT to "po",
    )

    val LONG: Map<String, String> = SHORT.entries.associate { (long, short) -> short to long }
}
