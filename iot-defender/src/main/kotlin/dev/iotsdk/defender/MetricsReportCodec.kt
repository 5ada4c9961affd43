package dev.iotsdk.defender

import dev.iotsdk.defender.internal.ReportReader
import dev.iotsdk.defender.internal.ReportTree
import dev.iotsdk.defender.internal.TreeCbor
import kotlinx.serialization.SerializationException
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject

/**
 * Writes [MetricsReport]s in AWS's wire formats (JSON or CBOR, long or short key names) and reads JSON reports in
 * either key style, e.g. the examples of AWS's Developer Guide.
 *
 * ```kotlin
 * val json: String = MetricsReportCodec.toJson(report, KeyNames.LONG)
 * val cbor: ByteArray = MetricsReportCodec.encode(report, ReportFormat.CBOR, KeyNames.SHORT)
 * val back: MetricsReport = MetricsReportCodec.fromJson(json)
 * ```
 * Thread-safe.
 */
public object MetricsReportCodec {
    private val JSON = Json { prettyPrint = false }

    /** [report] as the bytes of [format] with [keys] names. */
    @JvmStatic
    public fun encode(report: MetricsReport, format: ReportFormat, keys: KeyNames): ByteArray {
        val tree = ReportTree(keys).toTree(report)
        return when (format) {
            ReportFormat.JSON -> JSON.encodeToString(JsonObject.serializer(), tree).encodeToByteArray()
            ReportFormat.CBOR -> TreeCbor.encode(tree)
        }
    }

    /** [report] as JSON text with [keys] names. */
    @JvmStatic
    public fun toJson(report: MetricsReport, keys: KeyNames): String =
        encode(report, ReportFormat.JSON, keys).decodeToString()

    /**
     * Reads a JSON report written with long or short key names.
     * @throws IllegalArgumentException when [json] is not a report as AWS's schema describes it (the message names the
     *   field, never the payload's content).
     */
    @JvmStatic
    public fun fromJson(json: String): MetricsReport = try {
        ReportReader.read(JSON.parseToJsonElement(json))
    } catch (e: SerializationException) {
        throw IllegalArgumentException("the report is not valid JSON", e)
    }
}
