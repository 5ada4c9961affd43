package dev.iotsdk.defender

/**
 * One Device Defender metrics report: a header (`report_id`, `version`), the standard [metrics] and the
 * [customMetrics] by name. AWS requires at least one of the two blocks and report ids that increase from one report
 * to the next ([DefenderClient.nextReportId] makes them).
 *
 * ```kotlin
 * val report = MetricsReport(
 *     reportId = client.nextReportId(),
 *     metrics = DeviceMetrics(listeningTcpPorts = ListeningPorts(listOf(ListeningPort(22)))),
 *     customMetrics = mapOf("uptime" to CustomMetricValue.number(3600)),
 * )
 * ```
 * Java: `new MetricsReport(client.nextReportId(), metrics, Map.of("uptime", CustomMetricValue.number(3600L)))`.
 *
 * @throws IllegalArgumentException when [reportId] is not positive, [version] is not `Major.Minor`, both blocks are
 *   empty, or a custom metric name is not 1-128 characters of `[a-zA-Z0-9:_-]` or begins with `aws:`.
 */
public class MetricsReport @JvmOverloads constructor(
    /** The report id (`report_id`/`rid`): positive, increasing; AWS recommends an epoch timestamp. */
    public val reportId: Long,
    /** The standard metrics, or `null`. */
    public val metrics: DeviceMetrics?,
    /** The custom metrics by name (empty: none). */
    public val customMetrics: Map<String, CustomMetricValue> = emptyMap(),
    /** The document version (`version`/`v`), `Major.Minor`; every AWS SDK sends `1.0`. */
    public val version: String = CURRENT_VERSION,
) {
    init {
        require(reportId > 0) { "reportId must be positive, not $reportId" }
        require(VERSION.matches(version)) { "version must be Major.Minor, like 1.0" }
        require((metrics != null && !metrics.isEmpty) || customMetrics.isNotEmpty()) {
            "a report needs standard metrics or custom metrics (AWS: at least one of the two blocks)"
        }
        customMetrics.keys.forEach { name ->
            require(METRIC_NAME.matches(name) && !name.startsWith("aws:")) {
                "custom metric names are 1-128 characters of [a-zA-Z0-9:_-] and do not begin with aws:"
            }
        }
    }

    override fun equals(other: Any?): Boolean = other is MetricsReport &&
        reportId == other.reportId &&
        metrics == other.metrics &&
        customMetrics == other.customMetrics &&
        version == other.version

    override fun hashCode(): Int = listOf(reportId, metrics, customMetrics, version).hashCode()

    override fun toString(): String =
        "MetricsReport(reportId=$reportId, metrics=$metrics, customMetrics=${customMetrics.keys}, version=$version)"

    /** Constants. */
    public companion object {
        /** The report version every AWS SDK sends. */
        public const val CURRENT_VERSION: String = "1.0"
        private val VERSION = Regex("\\d{1,9}\\.\\d{1,9}")
        private val METRIC_NAME = Regex("[a-zA-Z0-9:_-]{1,128}")
    }
}
