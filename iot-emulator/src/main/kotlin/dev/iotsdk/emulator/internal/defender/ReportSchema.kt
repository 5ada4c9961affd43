package dev.iotsdk.emulator.internal.defender

import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.doubleOrNull
import kotlinx.serialization.json.longOrNull

/** A report that does not fit the schema: AWS answers `InvalidPayload`, "Malformed metrics report". */
internal class MalformedReport(val reason: String, cause: Throwable? = null) : Exception(reason, cause)

/**
 * The Device Defender metrics document (spec/defender.md section 2, the Developer Guide's "Device metrics document
 * specification"), checked field by field. Each key may be written long or short (`header`/`hed`); the same field
 * twice, an unknown key, a wrong type or a value out of range is malformed. Returns the document with long keys.
 */
internal object ReportSchema {
    private const val MAX_PORT = 65_535L
    private val METRIC_NAME = Regex("[a-zA-Z0-9:_-]{1,128}")
    private val VERSION = Regex("\\d+\\.\\d+")
    private val IPV4 = Regex("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)")
    private val IPV6 = Regex("[0-9a-fA-F:.]{2,45}")

    private val TOP = mapOf("hed" to "header", "met" to "metrics", "cmet" to "custom_metrics")
    private val HEADER = mapOf("rid" to "report_id", "v" to "version")
    private val METRICS = mapOf(
        "tp" to "listening_tcp_ports",
        "up" to "listening_udp_ports",
        "ns" to "network_stats",
        "tc" to "tcp_connections",
    )
    private val PORTS = mapOf("pts" to "ports", "t" to "total")
    private val PORT = mapOf("pt" to "port", "if" to "interface")
    private val STATS = mapOf("bi" to "bytes_in", "bo" to "bytes_out", "pi" to "packets_in", "po" to "packets_out")
    private val TCP = mapOf("ec" to "established_connections")
    private val ESTABLISHED = mapOf("cs" to "connections", "t" to "total")
    private val CONNECTION = mapOf("rad" to "remote_addr", "lp" to "local_port", "li" to "local_interface")
    private val CUSTOM_KINDS = setOf("number", "number_list", "string_list", "ip_list")

    /** The report id of [report], checked; throws [MalformedReport]. */
    fun check(report: JsonElement): Pair<Long, JsonObject> {
        val top = fields(report, "the report", TOP)
        val header = fields(top["header"] ?: malformed("the header is missing"), "header", HEADER)
        val reportId = integer(header["report_id"] ?: malformed("header.report_id is missing"), "header.report_id")
        if (reportId <= 0) malformed("header.report_id must be a positive integer")
        val version = header["version"] as? JsonPrimitive ?: malformed("header.version is missing")
        if (!version.isString || !VERSION.matches(version.content)) malformed("header.version must be Major.Minor")
        if (top["metrics"] == null && top["custom_metrics"] == null) {
            malformed("a report needs a metrics or a custom_metrics block")
        }
        val metrics = top["metrics"]?.let { metrics(it) }
        top["custom_metrics"]?.let { custom(it) }
        val normal = JsonObject(
            buildMap {
                put("header", JsonObject(header))
                metrics?.let { put("metrics", it) }
                top["custom_metrics"]?.let { put("custom_metrics", it) }
            },
        )
        return reportId to normal
    }

    private fun metrics(element: JsonElement): JsonObject {
        val m = fields(element, "metrics", METRICS)
        return JsonObject(
            m.mapValues { (name, value) ->
                when (name) {
                    "listening_tcp_ports", "listening_udp_ports" -> ports(value, name)
                    "network_stats" -> JsonObject(
                        fields(value, name, STATS).onEach { (k, v) -> nonNegative(v, "$name.$k") },
                    )
                    else -> tcp(value)
                }
            },
        )
    }

    private fun ports(element: JsonElement, name: String): JsonObject {
        val p = fields(element, name, PORTS)
        p["total"]?.let { nonNegative(it, "$name.total") }
        val ports = p["ports"]?.let { array(it, "$name.ports") }?.map { entry ->
            val port = fields(entry, "$name.ports[]", PORT)
            val number = integer(port["port"] ?: malformed("$name.ports[].port is missing"), "$name.ports[].port")
            if (number !in 1..MAX_PORT) malformed("$name.ports[].port must be 1-65535")
            port["interface"]?.let { string(it, "$name.ports[].interface") }
            JsonObject(port)
        }
        return JsonObject(p + (ports?.let { mapOf("ports" to JsonArray(it)) } ?: emptyMap()))
    }

    private fun tcp(element: JsonElement): JsonObject {
        val tc = fields(element, "tcp_connections", TCP)
        val ec = tc["established_connections"]?.let { fields(it, "established_connections", ESTABLISHED) }
            ?: return JsonObject(emptyMap())
        ec["total"]?.let { nonNegative(it, "established_connections.total") }
        val connections = ec["connections"]?.let { array(it, "connections") }?.map { entry ->
            val c = fields(entry, "connections[]", CONNECTION)
            val remote = string(c["remote_addr"] ?: malformed("connections[].remote_addr is missing"), "remote_addr")
            if (!isAddressWithPort(remote)) malformed("connections[].remote_addr must be ip:port")
            c["local_port"]?.let {
                if (integer(it, "local_port") !in 0..MAX_PORT) malformed("connections[].local_port must be 0-65535")
            }
            c["local_interface"]?.let { string(it, "local_interface") }
            JsonObject(c)
        }
        val established = ec + (connections?.let { mapOf("connections" to JsonArray(it)) } ?: emptyMap())
        return JsonObject(mapOf("established_connections" to JsonObject(established)))
    }

    private fun custom(element: JsonElement) {
        val metrics = element as? JsonObject ?: malformed("custom_metrics must be an object")
        metrics.forEach { (name, value) -> customMetric(name, value) }
    }

    private fun customMetric(name: String, value: JsonElement) {
        if (!METRIC_NAME.matches(name) || name.startsWith("aws:")) {
            malformed("a custom metric name must be 1-128 characters of [a-zA-Z0-9:_-], not beginning with aws:")
        }
        // AWS: "it must be passed as an array with a single value"
        val only = (value as? JsonArray)?.singleOrNull() as? JsonObject
            ?: malformed("custom metric $name must be an array of one object")
        val kind = only.keys.singleOrNull()?.takeIf { it in CUSTOM_KINDS }
            ?: malformed("custom metric $name must hold one of number, number_list, string_list, ip_list")
        val v = only.getValue(kind)
        when (kind) {
            "number" -> number(v, name)
            "number_list" -> array(v, name).forEach { number(it, name) }
            "string_list" -> array(v, name).forEach { string(it, name) }
            else -> array(v, name).forEach { if (!isIp(string(it, name))) malformed("$name holds a bad IP") }
        }
    }

    /** [element]'s fields by long name; short names are renamed by [shortToLong]; unknown or repeated is malformed. */
    private fun fields(element: JsonElement, what: String, shortToLong: Map<String, String>): Map<String, JsonElement> {
        val obj = element as? JsonObject ?: malformed("$what must be an object")
        val longs = shortToLong.values.toSet()
        val out = LinkedHashMap<String, JsonElement>()
        obj.forEach { (key, value) ->
            val long = shortToLong[key] ?: key.takeIf { it in longs } ?: malformed("$what has an unknown field")
            if (out.put(long, value) != null) malformed("$what names a field twice (long and short)")
        }
        return out
    }

    private fun array(element: JsonElement, what: String): JsonArray =
        element as? JsonArray ?: malformed("$what must be an array")

    private fun integer(element: JsonElement, what: String): Long =
        (element as? JsonPrimitive)?.takeIf { !it.isString }?.longOrNull ?: malformed("$what must be an integer")

    private fun nonNegative(element: JsonElement, what: String) {
        if (integer(element, what) < 0) malformed("$what must not be negative")
    }

    private fun number(element: JsonElement, what: String): Double =
        (element as? JsonPrimitive)?.takeIf { !it.isString }?.doubleOrNull?.takeIf { it.isFinite() }
            ?: malformed("custom metric $what must hold numbers")

    private fun string(element: JsonElement, what: String): String =
        (element as? JsonPrimitive)?.takeIf { it.isString }?.content ?: malformed("$what must be a string")

    private fun isIp(text: String): Boolean = IPV4.matches(text) ||
        (IPV6.matches(text) && ':' in text && runCatching { java.net.InetAddress.getByName(text) }.isSuccess)

    private fun isAddressWithPort(text: String): Boolean {
        val colon = text.lastIndexOf(':')
        val port = text.substring(colon + 1).toLongOrNull()
        return colon > 0 &&
            port != null &&
            port in 0..MAX_PORT &&
            isIp(text.substring(0, colon).removeSurrounding("[", "]"))
    }

    private fun malformed(reason: String): Nothing = throw MalformedReport(reason)
}
