package dev.iotsdk.defender

/**
 * What happened to one scheduled report of a [DefenderReporter]: [Accepted], [Rejected] or [Failed].
 *
 * ```kotlin
 * reporter.run().collect { event ->
 *     when (event) {
 *         is DefenderReportEvent.Accepted -> println("accepted ${event.report.reportId}")
 *         is DefenderReportEvent.Rejected -> println("rejected: ${event.error.code}")
 *         is DefenderReportEvent.Failed -> println("failed: ${event.error}")
 *     }
 * }
 * ```
 */
public sealed class DefenderReportEvent {
    /** AWS accepted [report]. */
    public class Accepted internal constructor(
        /** The report. */
        public val report: MetricsReport,
        /** AWS's answer. */
        public val answer: ReportAccepted,
    ) : DefenderReportEvent() {
        override fun toString(): String = "Accepted(${report.reportId})"
    }

    /** AWS rejected [report]; [error] carries the code and message. */
    public class Rejected internal constructor(
        /** The report. */
        public val report: MetricsReport,
        /** The rejection. */
        public val error: DefenderRejectedException,
    ) : DefenderReportEvent() {
        override fun toString(): String = "Rejected(${report.reportId}, ${error.code})"
    }

    /**
     * The report could not be collected ([report] `null`: a collector or provider threw) or sent (no answer in time,
     * the connection failed). The reporter goes on with the next period.
     */
    public class Failed internal constructor(
        /** The report, when it was built. */
        public val report: MetricsReport?,
        /** What went wrong. */
        public val error: Throwable,
    ) : DefenderReportEvent() {
        override fun toString(): String = "Failed(${report?.reportId}, ${error::class.simpleName})"
    }
}
