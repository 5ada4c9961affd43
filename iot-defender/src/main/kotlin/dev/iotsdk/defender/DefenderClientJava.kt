@file:OptIn(InternalIotSdkApi::class)

package dev.iotsdk.defender

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.java.JavaView
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executor
import java.util.function.Consumer

/**
 * The Java view of a [DefenderClient] (from [DefenderClient.asJava]): [send] as a `CompletableFuture` (completing on
 * SDK threads) and a reporter's events as a [Consumer] called on the view's executor, one at a time and in order.
 * [close] cancels what is running and stops every reporter started here.
 *
 * ```java
 * DefenderClientJava defender = new DefenderClient(mqtt, "sensor-1").asJava();
 * ReportAccepted accepted = defender.send(new MetricsReport(defender.nextReportId(), metrics)).get();
 * AutoCloseable running = defender.startReporter(
 *     new DefenderReporter(defender.getClient(), new ProcNetCollector()), event -> log(event));
 * ```
 */
public class DefenderClientJava internal constructor(
    /** The Kotlin client behind this view. */
    public val client: DefenderClient,
    executor: Executor?,
) : AutoCloseable {
    private val view = JavaView("iotsdk-defender-java-view", executor)

    /** See [DefenderClient.nextReportId]. */
    public fun nextReportId(): Long = client.nextReportId()

    /** See [DefenderClient.send]; fails with [DefenderRejectedException] when AWS rejects the report. */
    public fun send(report: MetricsReport): CompletableFuture<ReportAccepted> = view.future { client.send(report) }

    /**
     * Runs [reporter] (see [DefenderReporter.run]) until the returned subscription or this view is closed; [onEvent]
     * sees each report's event on the view's executor.
     */
    public fun startReporter(reporter: DefenderReporter, onEvent: Consumer<DefenderReportEvent>): AutoCloseable =
        view.collect(reporter.run(), onEvent, null)

    /** Cancels running calls (futures complete with `CancellationException`) and stops reporters. Idempotent. */
    override fun close() {
        view.close()
    }

    override fun toString(): String = "DefenderClientJava($client)"
}
