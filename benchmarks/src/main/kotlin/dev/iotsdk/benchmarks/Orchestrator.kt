@file:JvmName("Orchestrator")

package dev.iotsdk.benchmarks

import dev.iotsdk.benchmarks.clients.ROW_OPTIONS
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.boolean
import kotlinx.serialization.json.double
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import java.io.File
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.util.concurrent.TimeUnit
import kotlin.system.exitProcess

/**
 * The same flags for every row JVM; logging through logback at WARN ([benchmark-logging.xml], named so that it wins over
 * the `logback.xml` inside the emulator's HiveMQ CE jar).
 */
internal val ROW_JVM_FLAGS: List<String> =
    listOf("-Xms512m", "-Xmx2g", "-XX:+UseG1GC", "-Dlogback.configurationFile=benchmark-logging.xml")

/** How a run is configured; see [Options.parse] for the command line. */
internal class Options(
    val quick: Boolean,
    val repeats: Int,
    val rows: List<Row>,
    val workloads: List<Workload>,
    val outDir: Path,
    val classpath: String,
    val jmh: Boolean,
    val jfrDir: Path? = null,
    val overrides: Map<String, String> = emptyMap(),
) {
    /** The broker settings this run starts a broker for. */
    val brokers: List<BrokerSetting> get() = workloads.map { it.broker }.distinct()

    val mode: String get() = if (quick) "quick" else "full"

    companion object {
        const val USAGE: String = "benchmarks/run [--quick] [--repeats N] [--rows a,b] [--workloads x,y] " +
            "[--out DIR] [--no-jmh] [--jfr DIR] [--brokers rm100,unlimited,emulator] [--set key=value]…\n" +
            "rows: ${"$"}{ROWS}\nworkloads: ${"$"}{WORKLOADS}\nbrokers: rm100, unlimited (mosquitto; both by default), emulator"

        fun parse(args: Array<String>): Options {
            var quick = false
            var repeats: Int? = null
            var rows = Row.entries.toList()
            var workloads = Workloads.all
            var out = Paths.get("benchmarks/results")
            var jmh = true
            var jfr: Path? = null
            var brokers = BrokerSetting.DEFAULTS
            val overrides = linkedMapOf<String, String>()
            val it = args.iterator()
            while (it.hasNext()) {
                when (val a = it.next()) {
                    "--quick" -> quick = true
                    "--repeats" -> repeats = it.next().toInt()
                    "--rows" -> rows = it.next().split(',').map(Row::byId)
                    "--workloads" -> workloads = it.next().split(',').map(Workloads::byId)
                    "--out" -> out = Paths.get(it.next())
                    "--no-jmh" -> jmh = false
                    "--jfr" -> jfr = Paths.get(it.next())
                    "--brokers" -> brokers = it.next().split(',').map(BrokerSetting::byId)
                    "--set" -> it.next().let { kv -> overrides[kv.substringBefore('=')] = kv.substringAfter('=') }
                    "-h", "--help" -> {
                        println(
                            USAGE.replace("\${ROWS}", Row.entries.joinToString { r -> r.id })
                                .replace("\${WORKLOADS}", Workloads.all.joinToString { w -> w.id }),
                        )
                        exitProcess(0)
                    }
                    else -> throw IllegalArgumentException("unknown argument '$a'\n$USAGE")
                }
            }
            return Options(
                quick = quick,
                repeats = repeats ?: if (quick) 1 else 3,
                rows = rows,
                workloads = OnBroker.expand(workloads, brokers),
                outDir = out,
                classpath = System.getProperty("java.class.path"),
                jmh = jmh,
                jfrDir = jfr,
                overrides = overrides,
            )
        }
    }
}

/** One row JVM's outcome. */
internal class RunRecord(
    val workload: Workload,
    val row: Row,
    val repeat: Int,
    val metrics: Map<String, Double>,
    val error: String?,
    val wallMillis: Long,
) {
    val ok: Boolean get() = error == null
}

/**
 * Runs the benchmark suite: `benchmarks/run [--quick]`. Starts a private mosquitto on loopback, runs every
 * (workload, repeat, row) in a fresh JVM with the same flags, rows interleaved (A B C A B C …), then JMH, and
 * writes `<date>-<mode>.md` and `.jsonl` under `benchmarks/results/`. See `benchmarks/README.md`.
 */
public fun main(args: Array<String>) {
    val options = try {
        Options.parse(args)
    } catch (e: IllegalArgumentException) {
        System.err.println(e.message)
        exitProcess(2)
    }
    val report = runBenchmarks(options)
    println("wrote ${report.markdown} and ${report.jsonLines}")
    exitProcess(if (report.failures == 0) 0 else 1)
}

internal class ReportFiles(val markdown: Path, val jsonLines: Path, val failures: Int)

internal fun runBenchmarks(options: Options, log: (String) -> Unit = ::println): ReportFiles {
    Files.createDirectories(options.outDir)
    val environment = Environment.capture()
    val stamp = environment.date.substring(0, 10)
    val logs = Files.createDirectories(options.outDir.resolve("logs/$stamp-${options.mode}"))
    val records = ArrayList<RunRecord>()
    val started = System.nanoTime()
    // max_connections is a listener option: mosquitto 2's default is already -1 (unlimited); stated for the record.
    val brokers = options.brokers.associateWith { it.start() }
    try {
        for (workload in options.workloads) {
            val broker = brokers.getValue(workload.broker)
            val (certPath, keyPath) = broker.device()
            val brokerArgs = mapOf(
                "host" to "127.0.0.1",
                "plainPort" to broker.plainPort.toString(),
                "tlsPort" to broker.tlsPort.toString(),
                "caPath" to broker.caPath.toString(),
                "certPath" to certPath.toString(),
                "keyPath" to keyPath.toString(),
            )
            log("${workload.id}: ${broker.kind} (${workload.broker.label}) on ${broker.plainPort}; ${environment.java}")
            val params =
                workload.params(options.quick) +
                    options.overrides.filterKeys { it in workload.params(options.quick) || it in ROW_OPTIONS }
            for (repeat in 1..options.repeats) {
                for (row in options.rows.filter { it in workload.rows }) {
                    val runId = "${workload.id.replace('@', '-')}-${row.id}-r$repeat"
                    val record = runRow(options, row, workload, repeat, brokerArgs + params + ("runId" to runId), logs)
                    records += record
                    log(
                        "%-28s %-24s #%d %s (%.1f s)".format(
                            workload.id,
                            row.id,
                            repeat,
                            record.error ?: record.metrics.entries.joinToString { (k, v) -> "$k=${"%.1f".format(v)}" },
                            record.wallMillis / 1000.0,
                        ),
                    )
                    if (!broker.isRunning) error("${broker.kind} died; its log:\n${broker.logTail()}")
                }
            }
        }
    } finally {
        brokers.values.forEach { it.close() }
    }
    val jmh = if (options.jmh) runJmh(options, logs, log) else null
    val elapsed = (System.nanoTime() - started) / 1e9
    return Report(options, environment, records, jmh, elapsed).write(options.outDir.resolve("$stamp-${options.mode}"))
}

private fun javaBinary(): String = Paths.get(System.getProperty("java.home"), "bin", "java").toString()

private fun runRow(
    options: Options,
    row: Row,
    workload: Workload,
    repeat: Int,
    args: Map<String, String>,
    logs: Path,
): RunRecord {
    val name = "${workload.id.replace('@', '-')}-${row.id}-$repeat"
    val out = logs.resolve("$name.out").toFile()
    val err = logs.resolve("$name.err").toFile()
    val jfr = options.jfrDir?.let { dir ->
        listOf("-XX:StartFlightRecording=filename=${dir.resolve("$name.jfr")},settings=${jfrSettings(dir)}")
    } ?: emptyList()
    val command = listOf(javaBinary()) + ROW_JVM_FLAGS + jfr +
        listOf("-cp", options.classpath, "dev.iotsdk.benchmarks.RowMain", row.id, workload.base.id) +
        args.map { (k, v) -> "$k=$v" }
    val start = System.nanoTime()
    val process = ProcessBuilder(command).redirectOutput(out).redirectError(err).start()
    val finished = process.waitFor(ROW_TIMEOUT_SECONDS, TimeUnit.SECONDS)
    if (!finished) {
        process.destroyForcibly()
        process.waitFor(10, TimeUnit.SECONDS)
    }
    val wall = (System.nanoTime() - start) / 1_000_000
    if (!finished) return RunRecord(workload, row, repeat, emptyMap(), "timed out after $ROW_TIMEOUT_SECONDS s", wall)
    return parseResult(out, err)?.let { json ->
        if (json["ok"]?.jsonPrimitive?.boolean == true) {
            val metrics = json.getValue("metrics").jsonObject.mapValues { it.value.jsonPrimitive.double }
            RunRecord(workload, row, repeat, metrics, null, wall)
        } else {
            RunRecord(workload, row, repeat, emptyMap(), json["error"]?.jsonPrimitive?.content ?: "failed", wall)
        }
    } ?: RunRecord(
        workload,
        row,
        repeat,
        emptyMap(),
        "exit ${process.exitValue()} without a result; stderr: ${err.readText().lines().takeLast(
            3,
        ).joinToString(" | ")}",
        wall,
    )
}

private const val ROW_TIMEOUT_SECONDS = 240L

/** The JDK's `profile` settings with Java method sampling every 1 ms instead of 10 (short runs, enough samples). */
private fun jfrSettings(dir: Path): Path {
    Files.createDirectories(dir)
    val profile = Paths.get(System.getProperty("java.home"), "lib", "jfr", "profile.jfc")
    val settings = dir.resolve("bench-profile.jfc")
    val text = Files.readString(profile)
        .replace(
            "<setting name=\"period\" control=\"method-sampling-java-interval\">10 ms</setting>",
            "<setting name=\"period\" control=\"method-sampling-java-interval\">1 ms</setting>",
        )
        // enough allocation samples to attribute a connection's few kilobytes
        .replace(
            "<setting name=\"throttle\" control=\"allocation-profiling\">300/s</setting>",
            "<setting name=\"throttle\" control=\"allocation-profiling\">20000/s</setting>",
        )
    Files.writeString(settings, text)
    return settings
}

private fun parseResult(out: File, err: File): JsonObject? {
    val line = out.readLines().lastOrNull { it.startsWith(RESULT_PREFIX) } ?: return null
    if (err.length() == 0L) err.delete()
    return Json.parseToJsonElement(line.removePrefix(RESULT_PREFIX)).jsonObject
}

/** JMH results: one entry per benchmark. */
internal class JmhResult(
    val benchmark: String,
    val mode: String,
    val score: Double,
    val error: Double,
    val unit: String,
)

private fun runJmh(options: Options, logs: Path, log: (String) -> Unit): List<JmhResult> {
    val json = logs.resolve("jmh.json")
    val settings = if (options.quick) {
        listOf("-f", "1", "-wi", "1", "-w", "200ms", "-i", "1", "-r", "200ms")
    } else {
        listOf("-f", "1", "-wi", "2", "-w", "1s", "-i", "3", "-r", "1s")
    }
    val command = listOf(javaBinary()) + ROW_JVM_FLAGS + listOf("-cp", options.classpath, "org.openjdk.jmh.Main") +
        settings + listOf("-rf", "json", "-rff", json.toString(), "dev.iotsdk.benchmarks.micro")
    log("JMH: ${settings.joinToString(" ")}")
    val process = ProcessBuilder(command)
        .redirectOutput(logs.resolve("jmh.out").toFile())
        .redirectErrorStream(true)
        .start()
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly()
        return emptyList()
    }
    if (!Files.exists(json)) return emptyList()
    return Json.parseToJsonElement(Files.readString(json)).let { it as JsonArray }.map { e ->
        val o = e.jsonObject
        val primary = o.getValue("primaryMetric").jsonObject
        JmhResult(
            benchmark = o.getValue("benchmark").jsonPrimitive.content.removePrefix("dev.iotsdk.benchmarks.micro."),
            mode = o.getValue("mode").jsonPrimitive.content,
            score = primary.getValue("score").jsonPrimitive.double,
            error = (primary["scoreError"] as? JsonPrimitive)?.content?.toDoubleOrNull() ?: Double.NaN,
            unit = primary.getValue("scoreUnit").jsonPrimitive.content,
        )
    }.also { log("JMH: ${it.size} results") }
}
