package dev.iotsdk.defender

/**
 * Which of AWS's two key-name styles a report is written with: `header`/`metrics`/`listening_tcp_ports`… or
 * `hed`/`met`/`tp`… (the Developer Guide's "Device metrics document specification" gives both; a report uses one).
 * Custom metric names and their value keys (`number`, `number_list`, `string_list`, `ip_list`) are the same in both.
 *
 * ```kotlin
 * val bytes = MetricsReportCodec.encode(report, ReportFormat.JSON, KeyNames.SHORT)
 * ```
 */
public enum class KeyNames {
    /** `header`, `report_id`, `metrics`, `custom_metrics`, `listening_tcp_ports`… readable. */
    LONG,

    /** `hed`, `rid`, `met`, `cmet`, `tp`… about half the bytes (what AWS's embedded C library defaults to). */
    SHORT,
}
