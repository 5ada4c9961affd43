package dev.iotsdk.defender

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import java.util.concurrent.atomic.AtomicBoolean

/**
 * Sends a metrics report every [DefenderReporterOptions.period] (at least AWS's 5 minutes) through [client]: the
 * standard metrics from [collector], the custom metrics from [customMetrics], a fresh increasing report id, and
 * emits what became of each report as a [DefenderReportEvent]. A rejection or failure does not stop it; cancelling
 * the collection does. Like AWS's C++ `ReportTask`, beyond it the events and the collectors.
 *
 * ```kotlin
 * val reporter = DefenderReporter(
 *     DefenderClient(mqtt, "sensor-1"),
 *     collector = ProcNetCollector(),
 *     customMetrics = mapOf("uptime" to CustomMetricProvider { CustomMetricValue.number(uptimeSeconds()) }),
 * )
 * scope.launch { reporter.run().collect { println(it) } }
 * ```
 * Java: `defender.asJava().startReporter(reporter, event -> log(event))` returns an `AutoCloseable`.
 *
 * Threading: [run] is cold and may be collected by one collector at a time (a second concurrent collection fails with
 * [IllegalStateException], so two schedules never double the rate). The period counts from the end of one report
 * (its answer, or its failure) to the start of the next, so two reports are never closer than the period, however
 * slow a collector or an answer is.
 *
 * @throws IllegalArgumentException (constructor) for an invalid custom metric name.
 */
public class DefenderReporter @JvmOverloads constructor(
    /** The client reports go through. */
    public val client: DefenderClient,
    /** The standard metrics, or `null` for custom metrics only. */
    public val collector: DeviceMetricsCollector? = null,
    /** The custom metrics by name. */
    public val customMetrics: Map<String, CustomMetricProvider> = emptyMap(),
    /** The schedule. */
    public val options: DefenderReporterOptions = DefenderReporterOptions(),
) {
    private val running = AtomicBoolean()

    init {
        // the same check a report makes, now rather than at the first period
        customMetrics.keys.forEach { name -> MetricsReport(1, null, mapOf(name to CustomMetricValue.number(0L))) }
        require(collector != null || customMetrics.isNotEmpty()) { "a reporter needs a collector or custom metrics" }
    }

    /**
     * Runs the schedule while collected: waits [DefenderReporterOptions.initialDelay], then sends one report per
     * period and emits its event.
     * @throws IllegalStateException when another collection of this reporter is running.
     */
    public fun run(): Flow<DefenderReportEvent> = flow {
        check(running.compareAndSet(false, true)) { "this reporter is already running" }
        try {
            delay(options.initialDelay)
            while (true) {
                emit(reportOnce())
                delay(options.period)
            }
        } finally {
            running.set(false)
        }
    }

    /** Collects and sends one report now; used by [run]. Never throws but [CancellationException]. */
    private suspend fun reportOnce(): DefenderReportEvent {
        val report = try {
            build()
        } catch (e: CancellationException) {
            throw e
        } catch (@Suppress("TooGenericExceptionCaught") e: Exception) { // user code: any failure fails this report
            return DefenderReportEvent.Failed(null, e)
        }
        return try {
            DefenderReportEvent.Accepted(report, client.send(report))
        } catch (e: DefenderRejectedException) {
            DefenderReportEvent.Rejected(report, e)
        } catch (e: CancellationException) {
            throw e
        } catch (@Suppress("TooGenericExceptionCaught") e: Exception) { // timeouts, connection loss, malformed answers
            DefenderReportEvent.Failed(report, e)
        }
    }

    private suspend fun build(): MetricsReport {
        val metrics = collector?.collect()?.takeIf { !it.isEmpty }
        val custom = customMetrics.mapNotNull { (name, provider) -> provider.value()?.let { name to it } }.toMap()
        return MetricsReport(client.nextReportId(), metrics, custom)
    }

    override fun toString(): String = "DefenderReporter(${client.thingName}, ${options.period})"
}
