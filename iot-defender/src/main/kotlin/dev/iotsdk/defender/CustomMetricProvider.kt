package dev.iotsdk.defender

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import java.util.function.Supplier

/**
 * The value of one custom metric, asked for once per report by [DefenderReporter]; `null` leaves the metric out of
 * that report.
 *
 * ```kotlin
 * val uptime = CustomMetricProvider { CustomMetricValue.number(ManagementFactory.getRuntimeMXBean().uptime / 1000) }
 * ```
 * Java: `CustomMetricProvider.fromSupplier(() -> CustomMetricValue.number(42L))`.
 */
public fun interface CustomMetricProvider {
    /** The value now, or `null`. May suspend; an exception fails this report only. */
    public suspend fun value(): CustomMetricValue?

    /** Java-friendly constructors. */
    public companion object {
        /** A provider calling [supplier] on an IO thread (it may block). */
        @JvmStatic
        public fun fromSupplier(supplier: Supplier<CustomMetricValue?>): CustomMetricProvider =
            CustomMetricProvider { withContext(Dispatchers.IO) { supplier.get() } }
    }
}
