package dev.iotsdk.defender

/**
 * Collects the standard metrics for one report; [DefenderReporter] calls [collect] once per report. [ProcNetCollector]
 * reads Linux's and Android's `/proc`; write your own for other systems.
 *
 * ```kotlin
 * val fixed = DeviceMetricsCollector { DeviceMetrics(listeningTcpPorts = ListeningPorts(listOf(ListeningPort(22)))) }
 * ```
 */
public fun interface DeviceMetricsCollector {
    /** The metrics now. May suspend; an exception fails this report only. */
    public suspend fun collect(): DeviceMetrics
}
