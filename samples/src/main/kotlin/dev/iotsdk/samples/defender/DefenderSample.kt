package dev.iotsdk.samples.defender

import dev.iotsdk.defender.CustomMetricProvider
import dev.iotsdk.defender.CustomMetricValue
import dev.iotsdk.defender.DefenderClient
import dev.iotsdk.defender.DefenderRejectedException
import dev.iotsdk.defender.DefenderReportEvent
import dev.iotsdk.defender.DefenderReporter
import dev.iotsdk.defender.MetricsReport
import dev.iotsdk.defender.ProcNetCollector
import dev.iotsdk.samples.SampleTarget
import dev.iotsdk.samples.Transcript
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import java.lang.management.ManagementFactory

/**
 * AWS IoT Device Defender metrics: a [DefenderReporter] sends this machine's listening ports, connections and network
 * statistics (from `/proc`) with two custom metrics every 5 minutes, and says what AWS answered. Against the embedded
 * emulator the sample sends one report, shows what the emulator received, and shows a rejection; against AWS IoT it
 * reports every 5 minutes until you stop it.
 */
public object DefenderSample {
    /** Runs the sample. */
    @JvmStatic
    public fun main(args: Array<String>) {
        val out = Transcript()
        SampleTarget.fromArgs(args, "defender-sample-thing").use { target ->
            out.say("DefenderSample against ${target.describe()}, thing '${target.thingName}'")
            runBlocking {
                target.client(target.thingName).use { mqtt ->
                    mqtt.connect()
                    val defender = DefenderClient(mqtt, target.thingName)
                    val reporter = DefenderReporter(
                        defender,
                        collector = ProcNetCollector(),
                        customMetrics = mapOf(
                            "uptime" to CustomMetricProvider {
                                CustomMetricValue.number(ManagementFactory.getRuntimeMXBean().uptime / MILLIS)
                            },
                            "processors" to CustomMetricProvider {
                                CustomMetricValue.number(Runtime.getRuntime().availableProcessors().toLong())
                            },
                        ),
                    )
                    val emulator = target.emulator
                    if (emulator == null) {
                        out.say("reporting every 5 minutes; stop with Ctrl-C")
                        reporter.run().collect { out.say("  $it") }
                        return@runBlocking
                    }
                    val event = reporter.run().first()
                    out.say("  $event")
                    if (event is DefenderReportEvent.Accepted) {
                        val metrics = event.report.metrics
                        out.say("  listening TCP ports: ${metrics?.listeningTcpPorts?.ports?.size}")
                        out.say("  established connections: ${metrics?.tcpConnections?.total}")
                    }
                    val received = emulator.defender.reports(target.thingName).last()
                    out.say("emulator received report ${received.reportId}: accepted=${received.accepted}")
                    try {
                        // a process that restarted with an old report id: AWS wants ids to increase
                        val old = MetricsReport(1, null, mapOf("uptime" to CustomMetricValue.number(1L)))
                        DefenderClient(mqtt, target.thingName).send(old)
                    } catch (e: DefenderRejectedException) {
                        out.say("old report id rejected: ${e.code} (${e.serviceMessage})")
                    }
                }
            }
        }
        out.say("done")
    }

    private const val MILLIS = 1000
}
