package dev.iotsdk.defender.internal

import dev.iotsdk.defender.CustomMetricValue
import dev.iotsdk.defender.DeviceMetrics
import dev.iotsdk.defender.ListeningPort
import dev.iotsdk.defender.ListeningPorts
import dev.iotsdk.defender.MetricsReport
import dev.iotsdk.defender.NetworkStats
import dev.iotsdk.defender.TcpConnection
import dev.iotsdk.defender.TcpConnections
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.doubleOrNull
import kotlinx.serialization.json.longOrNull

/**
 * Reads a report tree with long or short keys (see [ReportTree.longKeys]) into a [MetricsReport]; anything that does
 * not fit the schema is an [IllegalArgumentException] naming the field, never quoting the payload.
 */
internal object ReportReader {
    fun read(tree: JsonElement): MetricsReport {
        val root = ReportTree.longKeys(tree).obj("the report")
        val header = root[ReportKeys.HEADER].obj(ReportKeys.HEADER)
        val metrics = root[ReportKeys.METRICS]?.let { metrics(it.obj(ReportKeys.METRICS)) }
        val custom = root[ReportKeys.CUSTOM_METRICS]?.obj(ReportKeys.CUSTOM_METRICS)?.mapValues { (name, value) ->
            custom(name, value)
        }.orEmpty()
        return MetricsReport(
            header[ReportKeys.REPORT_ID].long(ReportKeys.REPORT_ID),
            metrics,
            custom,
            header[ReportKeys.VERSION].string(ReportKeys.VERSION),
        )
    }

    private fun metrics(m: JsonObject) = DeviceMetrics(
        m[ReportKeys.TCP_PORTS]?.let { ports(it.obj(ReportKeys.TCP_PORTS)) },
        m[ReportKeys.UDP_PORTS]?.let { ports(it.obj(ReportKeys.UDP_PORTS)) },
        m[ReportKeys.NETWORK_STATS]?.obj(ReportKeys.NETWORK_STATS)?.let {
            NetworkStats(
                it[ReportKeys.BYTES_IN].long(ReportKeys.BYTES_IN),
                it[ReportKeys.BYTES_OUT].long(ReportKeys.BYTES_OUT),
                it[ReportKeys.PACKETS_IN].long(ReportKeys.PACKETS_IN),
                it[ReportKeys.PACKETS_OUT].long(ReportKeys.PACKETS_OUT),
            )
        },
        m[ReportKeys.TCP_CONNECTIONS]?.obj(ReportKeys.TCP_CONNECTIONS)?.get(ReportKeys.ESTABLISHED)
            ?.obj(ReportKeys.ESTABLISHED)?.let { ec ->
                val connections = ec[ReportKeys.CONNECTIONS]?.arr(ReportKeys.CONNECTIONS).orEmpty().map {
                    val c = it.obj(ReportKeys.CONNECTIONS)
                    TcpConnection(
                        c[ReportKeys.REMOTE_ADDR].string(ReportKeys.REMOTE_ADDR),
                        c[ReportKeys.LOCAL_PORT]?.long(ReportKeys.LOCAL_PORT)?.toInt(),
                        c[ReportKeys.LOCAL_INTERFACE]?.string(ReportKeys.LOCAL_INTERFACE),
                    )
                }
                TcpConnections(connections, ec[ReportKeys.TOTAL]?.long(ReportKeys.TOTAL)?.toInt() ?: connections.size)
            },
    )

    private fun ports(p: JsonObject): ListeningPorts {
        val ports = p[ReportKeys.PORTS]?.arr(ReportKeys.PORTS).orEmpty().map {
            val port = it.obj(ReportKeys.PORTS)
            ListeningPort(
                port[ReportKeys.PORT].long(ReportKeys.PORT).toInt(),
                port[ReportKeys.INTERFACE]?.string(ReportKeys.INTERFACE),
            )
        }
        return ListeningPorts(ports, p[ReportKeys.TOTAL]?.long(ReportKeys.TOTAL)?.toInt() ?: ports.size)
    }

    private fun custom(name: String, value: JsonElement): CustomMetricValue {
        val entries = value.arr("custom metric $name")
        require(entries.size == 1) { "custom metric $name must be an array of one object" }
        val only = entries[0].obj("custom metric $name")
        require(only.size == 1) { "custom metric $name must hold one of number, number_list, string_list, ip_list" }
        val (kind, v) = only.entries.first()
        return when (kind) {
            ReportKeys.NUMBER -> CustomMetricValue.number(v.double(name))
            ReportKeys.NUMBER_LIST -> CustomMetricValue.numberList(v.arr(name).map { it.double(name) })
            ReportKeys.STRING_LIST -> CustomMetricValue.stringList(v.arr(name).map { it.string(name) })
            ReportKeys.IP_LIST -> CustomMetricValue.ipAddressList(v.arr(name).map { it.string(name) })
            else -> throw IllegalArgumentException("custom metric $name has an unknown value kind")
        }
    }

    private fun JsonElement?.obj(what: String): JsonObject =
        this as? JsonObject ?: throw IllegalArgumentException("$what must be an object")

    private fun JsonElement.arr(what: String): JsonArray =
        this as? JsonArray ?: throw IllegalArgumentException("$what must be an array")

    private fun JsonElement?.long(what: String): Long = (this as? JsonPrimitive)?.takeIf { !it.isString }?.longOrNull
        ?: throw IllegalArgumentException("$what must be an integer")

    private fun JsonElement.double(what: String): Double =
        (this as? JsonPrimitive)?.takeIf { !it.isString }?.doubleOrNull
            ?: throw IllegalArgumentException("$what must hold numbers")

    private fun JsonElement?.string(what: String): String = (this as? JsonPrimitive)?.takeIf { it.isString }?.content
        ?: throw IllegalArgumentException("$what must be a string")
}
