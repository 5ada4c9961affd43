package dev.iotsdk.benchmarks

import dev.iotsdk.benchmarks.clients.ClientSpec
import dev.iotsdk.benchmarks.clients.TlsFiles
import dev.iotsdk.benchmarks.dataplane.DataPlaneRequests
import java.nio.file.Paths

/** A measured number a workload reports; [primary] ones get a ratio column against the baseline row. */
internal class Metric(
    val key: String,
    val label: String,
    val higherIsBetter: Boolean,
    val primary: Boolean = false,
    val decimals: Int = 0,
)

/**
 * One end-to-end workload, run in a fresh JVM per (row, repeat) by [RowMain]. Add a workload (shadow round trips,
 * jobs processed, data-plane requests) by implementing this and listing it in
 * [Workloads.all]: the orchestrator, the report and the test pick it up from there.
 */
internal interface Workload {
    val id: String
    val title: String

    /** What is measured and how, for the report. */
    val method: String
    val metrics: List<Metric>

    /** Parameters for `--quick` and for the full run (passed to [run] as `key=value` arguments). */
    fun params(quick: Boolean): Map<String, String>

    /** Runs in the row JVM; returns the metrics plus any extra information (counts, errors seen). */
    fun run(row: Row, ctx: RunContext): Map<String, Number>

    /** The rows this workload can run (a service workload needs an SDK with that service); others are skipped. */
    val rows: Set<Row> get() = Row.MQTT

    /** The row ratios are computed against. */
    val baseline: Row get() = Row.BASELINE
}

/** What a row JVM gets from the orchestrator: the broker, the run id and the workload's parameters. */
internal class RunContext(val args: Map<String, String>) {
    val host: String = args.getValue("host")
    val plainPort: Int = args.getValue("plainPort").toInt()
    val tlsPort: Int = args.getValue("tlsPort").toInt()
    val runId: String = args.getValue("runId")

    val tls: TlsFiles
        get() = TlsFiles(
            Paths.get(args.getValue("caPath")),
            Paths.get(args.getValue("certPath")),
            Paths.get(args.getValue("keyPath")),
        )

    fun int(key: String): Int = args[key]?.toInt() ?: throw IllegalArgumentException("missing parameter $key")

    fun plain(suffix: String): ClientSpec = ClientSpec(host, plainPort, "$runId-$suffix", null, args)

    fun mutualTls(suffix: String): ClientSpec = ClientSpec(host, tlsPort, "$runId-$suffix", tls, args)

    /** The topic prefix of this run: every run uses its own topics. */
    val topicRoot: String get() = "bench/$runId"
}

internal object Workloads {
    val all: List<Workload> = listOf(
        Qos1Throughput,
        Qos0EndToEnd,
        Qos1RoundTrip,
        SlowFastSubscribers,
        ConnectionScale,
        MutualTlsConnect,
        ShadowUpdates,
        JobsProcessed,
        FileStreamDownload,
        CommandsHandled,
        TunnelThroughput,
        DataPlaneRequests,
        DurableQueueThroughput,
    )

    fun byId(id: String): Workload = all.firstOrNull { it.id == id }
        ?: throw IllegalArgumentException("unknown workload '$id'; workloads: ${all.joinToString { it.id }}")
}

/** The payload every row sends: 256 bytes, the same for all. */
internal val PAYLOAD: ByteArray = ByteArray(256) { (it % 64 + 48).toByte() }
