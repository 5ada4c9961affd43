package dev.iotsdk.defender

/**
 * AWS IoT Device Defender accepted a metrics report (its answer on `…/defender/metrics/<format>/accepted`).
 *
 * ```kotlin
 * val accepted: ReportAccepted = client.send(report)
 * println("report ${accepted.reportId} accepted at ${accepted.timestamp}")
 * ```
 */
public class ReportAccepted internal constructor(
    /** The report's id. */
    public val reportId: Long,
    /** The thing named in the answer, or `null`. */
    public val thingName: String?,
    /** The service's timestamp (epoch milliseconds), or `null`. */
    public val timestamp: Long?,
) {
    override fun toString(): String = "ReportAccepted(reportId=$reportId, thingName=$thingName, timestamp=$timestamp)"
}
