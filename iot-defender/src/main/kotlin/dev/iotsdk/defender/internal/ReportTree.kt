package dev.iotsdk.defender.internal

import dev.iotsdk.defender.CustomMetricValue
import dev.iotsdk.defender.DeviceMetrics
import dev.iotsdk.defender.KeyNames
import dev.iotsdk.defender.ListeningPorts
import dev.iotsdk.defender.MetricsReport
import dev.iotsdk.defender.TcpConnections
import dev.iotsdk.defender.internal.ReportKeys.BYTES_IN
import dev.iotsdk.defender.internal.ReportKeys.BYTES_OUT
import dev.iotsdk.defender.internal.ReportKeys.CONNECTIONS
import dev.iotsdk.defender.internal.ReportKeys.CUSTOM_METRICS
import dev.iotsdk.defender.internal.ReportKeys.ESTABLISHED
import dev.iotsdk.defender.internal.ReportKeys.HEADER
import dev.iotsdk.defender.internal.ReportKeys.INTERFACE
import dev.iotsdk.defender.internal.ReportKeys.IP_LIST
import dev.iotsdk.defender.internal.ReportKeys.LOCAL_INTERFACE
import dev.iotsdk.defender.internal.ReportKeys.LOCAL_PORT
import dev.iotsdk.defender.internal.ReportKeys.METRICS
import dev.iotsdk.defender.internal.ReportKeys.NETWORK_STATS
import dev.iotsdk.defender.internal.ReportKeys.NUMBER
import dev.iotsdk.defender.internal.ReportKeys.NUMBER_LIST
import dev.iotsdk.defender.internal.ReportKeys.PACKETS_IN
import dev.iotsdk.defender.internal.ReportKeys.PACKETS_OUT
import dev.iotsdk.defender.internal.ReportKeys.PORT
import dev.iotsdk.defender.internal.ReportKeys.PORTS
import dev.iotsdk.defender.internal.ReportKeys.REMOTE_ADDR
import dev.iotsdk.defender.internal.ReportKeys.REPORT_ID
import dev.iotsdk.defender.internal.ReportKeys.STRING_LIST
import dev.iotsdk.defender.internal.ReportKeys.TCP_CONNECTIONS
import dev.iotsdk.defender.internal.ReportKeys.TCP_PORTS
import dev.iotsdk.defender.internal.ReportKeys.TOTAL
import dev.iotsdk.defender.internal.ReportKeys.UDP_PORTS
import dev.iotsdk.defender.internal.ReportKeys.VERSION
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonObjectBuilder
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.add
import kotlinx.serialization.json.addJsonObject
import kotlinx.serialization.json.buildJsonArray
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonArray
import kotlinx.serialization.json.putJsonObject

/** A [MetricsReport] as a JSON tree with [KeyNames.LONG] or [KeyNames.SHORT] keys (the tree CBOR is written from). */
internal class ReportTree(private val keys: KeyNames) {
    private fun k(long: String): String = if (keys == KeyNames.SHORT) ReportKeys.SHORT.getValue(long) else long

    fun toTree(report: MetricsReport): JsonObject = buildJsonObject {
        putJsonObject(k(HEADER)) {
            put(k(REPORT_ID), report.reportId)
            put(k(VERSION), report.version)
        }
        report.metrics?.takeIf { !it.isEmpty }?.let { putJsonObject(k(METRICS)) { metrics(it) } }
        if (report.customMetrics.isNotEmpty()) {
            putJsonObject(k(CUSTOM_METRICS)) {
                report.customMetrics.forEach { (name, value) ->
                    put(name, buildJsonArray { addJsonObject { custom(value) } })
                }
            }
        }
    }

    private fun JsonObjectBuilder.metrics(m: DeviceMetrics) {
        m.listeningTcpPorts?.let { putJsonObject(k(TCP_PORTS)) { ports(it) } }
        m.listeningUdpPorts?.let { putJsonObject(k(UDP_PORTS)) { ports(it) } }
        m.networkStats?.let { stats ->
            putJsonObject(k(NETWORK_STATS)) {
                put(k(BYTES_IN), stats.bytesIn)
                put(k(BYTES_OUT), stats.bytesOut)
                put(k(PACKETS_IN), stats.packetsIn)
                put(k(PACKETS_OUT), stats.packetsOut)
            }
        }
        m.tcpConnections?.let { tcp ->
            putJsonObject(k(TCP_CONNECTIONS)) { putJsonObject(k(ESTABLISHED)) { tcp(tcp) } }
        }
    }

    private fun JsonObjectBuilder.ports(ports: ListeningPorts) {
        putJsonArray(k(PORTS)) {
            ports.ports.forEach { p ->
                addJsonObject {
                    p.interfaceName?.let { put(k(INTERFACE), it) }
                    put(k(PORT), p.port)
                }
            }
        }
        put(k(TOTAL), ports.total)
    }

    private fun JsonObjectBuilder.tcp(tcp: TcpConnections) {
        putJsonArray(k(CONNECTIONS)) {
            tcp.connections.forEach { c ->
                addJsonObject {
                    c.localInterface?.let { put(k(LOCAL_INTERFACE), it) }
                    c.localPort?.let { put(k(LOCAL_PORT), it) }
                    put(k(REMOTE_ADDR), c.remoteAddress)
                }
            }
        }
        put(k(TOTAL), tcp.total)
    }

    private fun JsonObjectBuilder.custom(value: CustomMetricValue) {
        when (value) {
            is CustomMetricValue.Number -> put(NUMBER, number(value.value))
            is CustomMetricValue.NumberList -> putJsonArray(NUMBER_LIST) { value.values.forEach { add(number(it)) } }
            is CustomMetricValue.StringList -> putJsonArray(STRING_LIST) { value.values.forEach { add(it) } }
            is CustomMetricValue.IpAddressList -> putJsonArray(IP_LIST) { value.values.forEach { add(it) } }
        }
    }

    companion object {
        private const val LONG_SAFE = 9.007199254740992E15

        /** Whole numbers as integers (`1`, not `1.0`, as AWS's examples write them). */
        fun number(value: Double): JsonPrimitive = if (value % 1.0 == 0.0 &&
            kotlin.math.abs(value) < LONG_SAFE
        ) {
            JsonPrimitive(value.toLong())
        } else {
            JsonPrimitive(value)
        }

        /** [tree] with every short key outside the custom metric names renamed to its long name. */
        fun longKeys(tree: JsonElement, insideCustom: Boolean = false): JsonElement = when (tree) {
            is JsonObject -> JsonObject(
                tree.entries.associate { (key, value) ->
                    val long = if (insideCustom) key else ReportKeys.LONG[key] ?: key
                    long to if (insideCustom) value else longKeys(value, long == CUSTOM_METRICS)
                },
            )
            is JsonArray -> JsonArray(tree.map { longKeys(it) })
            else -> tree
        }
    }
}
