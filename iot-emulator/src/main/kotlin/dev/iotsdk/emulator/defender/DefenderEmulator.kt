package dev.iotsdk.emulator.defender

import dev.iotsdk.emulator.internal.defender.DefenderStore
import java.time.Duration

/**
 * AWS IoT Device Defender Detect in the emulator ([dev.iotsdk.emulator.IotEmulator.defender]): devices publish metrics
 * reports to `$aws/things/<thing>/defender/metrics/<json|cbor>` and get `accepted` or `rejected` answers as AWS sends
 * them; a test reads what a thing sent with [reports]. AWS's throttling (one report per 5 minutes per device) is off
 * unless [throttle] turns it on, as the shadow service's is.
 *
 * ```kotlin
 * val sent: List<ReceivedReport> = emulator.defender.reports("sensor-1")
 * emulator.defender.throttle(Duration.ofMinutes(5))
 * ```
 * Every method may be called from any thread.
 */
public class DefenderEmulator internal constructor(private val store: DefenderStore) {
    /** The reports [thingName] sent (the latest 1000), oldest first, accepted and rejected. */
    public fun reports(thingName: String): List<ReceivedReport> =
        store.reports[thingName]?.let { synchronized(it) { it.toList() } }.orEmpty()

    /** The accepted reports of [thingName], oldest first. */
    public fun acceptedReports(thingName: String): List<ReceivedReport> = reports(thingName).filter { it.accepted }

    /**
     * Rejects (`Throttled`) a thing's report that comes less than [interval] after its last accepted one; `null` or
     * zero turns throttling off (the default). AWS: 5 minutes.
     */
    public fun throttle(interval: Duration?) {
        store.minimumIntervalMillis = interval?.toMillis() ?: 0
    }

    /** Forgets every report and report id (a thing may start its ids again). */
    public fun clear() {
        store.reports.clear()
        store.lastAccepted.clear()
    }
}
