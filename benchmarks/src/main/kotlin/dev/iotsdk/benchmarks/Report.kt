package dev.iotsdk.benchmarks

import dev.iotsdk.benchmarks.dataplane.DataPlaneRequests
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import java.nio.file.Files
import java.nio.file.Path

/** Medians of one (workload, row) over its successful repeats. */
internal class Summary(val workload: Workload, val row: Row, val runs: List<RunRecord>) {
    val ok: List<RunRecord> = runs.filter { it.ok }
    val medians: Map<String, Double> =
        workload.metrics.filter { m -> ok.isNotEmpty() && ok.all { m.key in it.metrics } }
            .associate { m -> m.key to median(ok.map { it.metrics.getValue(m.key) }) }
}

/** A target from issue 9, evaluated within the run. */
internal class Target(val text: String, val value: String, val met: Boolean?)

/** Writes the Markdown table and the JSON lines of one run. */
private const val SIGNING_BENCHMARK = "DataPlaneSigningBenchmark."

internal class Report(
    private val options: Options,
    private val environment: Environment,
    private val records: List<RunRecord>,
    private val jmh: List<JmhResult>?,
    private val elapsedSeconds: Double,
) {
    private val summaries: Map<Pair<String, Row>, Summary> = options.workloads.flatMap { w ->
        options.rows.filter { it in w.rows }.map { r ->
            (w.id to r) to
                Summary(w, r, records.filter { it.workload == w && it.row == r })
        }
    }.toMap()

    private fun summary(workload: Workload, row: Row): Summary? = summaries[workload.id to row]

    private fun ratio(workload: Workload, row: Row, key: String): Double? {
        val base = summary(workload, workload.baseline)?.medians?.get(key) ?: return null
        val value = summary(workload, row)?.medians?.get(key) ?: return null
        return if (base == 0.0) null else value / base
    }

    fun write(base: Path): ReportFiles {
        val md = base.resolveSibling("${base.fileName}.md")
        val jsonl = base.resolveSibling("${base.fileName}.jsonl")
        Files.writeString(md, markdown())
        Files.write(jsonl, jsonLines().map { it.toString() })
        return ReportFiles(md, jsonl, records.count { !it.ok })
    }

    fun targets(): List<Target> {
        val out = ArrayList<Target>()
        val kotlin = Row.IOTSDK_KOTLIN
        out += issue23Targets()
        ConnectionScale.takeIf { it in options.workloads }?.let { scale ->
            for (row in TYPICAL_ROWS) {
                val rss = ratio(scale, row, "rssPerConnKb")
                out +=
                    Target(
                        "RSS per connection, ${row.label} <= 1.2x raw HiveMQ",
                        rss.fmtRatio(),
                        rss?.let {
                            it <= 1.2
                        },
                    )
            }
        }
        for (service in listOf(ShadowUpdates, JobsProcessed)) {
            if (service !in options.workloads) continue
            val key = service.metrics.first { it.primary }.key
            val k = summary(service, kotlin)?.medians?.get(key)
            val crt = summary(service, Row.AWS_CRT)?.medians?.get(key)
            out += Target(
                "${service.title}, iotsdk Kotlin above the CRT SDK",
                if (k != null && crt != null) "%.0f vs %.0f".format(k, crt) else "n/a",
                if (k != null && crt != null) k > crt else null,
            )
        }
        if (DataPlaneRequests in options.workloads) {
            val figures = DataPlaneRequests.metrics.mapNotNull { m ->
                val k = summary(DataPlaneRequests, kotlin)?.medians?.get(m.key)
                val aws = summary(DataPlaneRequests, Row.AWS_SDK_V2)?.medians?.get(m.key)
                if (k != null && aws != null) Triple(m.label, k, aws) else null
            }
            val complete = figures.size == DataPlaneRequests.metrics.size
            out += Target(
                "Data-plane requests/s, iotsdk at least as fast as the AWS SDK for Java v2",
                if (complete) {
                    figures.joinToString("; ") { (label, k, aws) ->
                        "%s %.0f vs %.0f".format(label, k, aws)
                    }
                } else {
                    "n/a"
                },
                if (complete) figures.all { (_, k, aws) -> k >= aws } else null,
            )
        }
        signingTarget()?.let { out += it }
        return out
    }

    /** Issue 23's targets, per broker setting, for the rows written as users write code. */
    private fun issue23Targets(): List<Target> = options.workloads.filterIsInstance<OnBroker>().flatMap { w ->
        TYPICAL_ROWS.mapNotNull { row -> issue23Target(w, row) }
    }

    private fun issue23Target(w: OnBroker, row: Row): Target? {
        val on = w.broker.id
        return when (w.base) {
            Qos1Throughput -> ratio(w, row, "msgPerSec").let { r ->
                Target("QoS 1 throughput ($on), ${row.label} >= 0.95x", r.fmtRatio(), r?.let { it >= 0.95 })
            }
            Qos1RoundTrip -> roundTripTarget(w, row)
            Qos0EndToEnd -> qos0Target(w, row)
            else -> null
        }
    }

    private fun roundTripTarget(w: OnBroker, row: Row): Target {
        val p50 = ratio(w, row, "p50Micros")
        val p99 = ratio(w, row, "p99Micros")
        return Target(
            "QoS 1 round trip (${w.broker.id}), ${row.label}: p50 <= 1.15x, p99 <= 1.5x",
            "p50 ${p50.fmtRatio()}, p99 ${p99.fmtRatio()}",
            if (p50 != null && p99 != null) p50 <= 1.15 && p99 <= 1.5 else null,
        )
    }

    private fun qos0Target(w: OnBroker, row: Row): Target {
        val r = ratio(w, row, "receivedPerSec")
        val lost = summary(w, row)?.medians?.get("lossPercent")
        return Target(
            "QoS 0 end to end (${w.broker.id}), ${row.label} >= 0.95x with 0 lost",
            "${r.fmtRatio()}, lost ${lost?.let { "%.2f %%".format(it) } ?: "n/a"}",
            if (r != null && lost != null) r >= 0.95 && lost == 0.0 else null,
        )
    }

    /** Data-plane SigV4 signing per request (JMH `DataPlaneSigningBenchmark`): iotsdk next to the AWS SDK v2 signer. */
    private fun signingTarget(): Target? {
        val scores =
            jmh?.filter { it.benchmark.startsWith(SIGNING_BENCHMARK) }?.associate {
                it.benchmark.removePrefix(SIGNING_BENCHMARK) to
                    it
            }
                ?: return null
        val pairs = listOf("GetThingShadow", "Publish").mapNotNull { op ->
            val ours = scores["iotsdk$op"]
            val theirs = scores["awsSdkV2$op"]
            if (ours != null && theirs != null && ours.unit == theirs.unit) Triple(op, ours, theirs) else null
        }
        if (pairs.isEmpty()) return null
        return Target(
            "Data-plane SigV4 signing per request, iotsdk at most the AWS SDK v2 signer's (JMH)",
            pairs.joinToString("; ") { (op, ours, theirs) ->
                "%s %.2f vs %.2f %s".format(op, ours.score, theirs.score, ours.unit)
            },
            pairs.all { (_, ours, theirs) -> ours.score <= theirs.score },
        )
    }

    fun markdown(): String = buildString {
        appendLine("# iotsdk benchmarks: ${options.mode} run, ${environment.date}")
        appendLine()
        appendLine(
            "Generated by `benchmarks/run${if (options.quick) " --quick" else ""}` " +
                "(dev.iotsdk.benchmarks.Orchestrator).",
        )
        appendLine()
        appendLine("| | |")
        appendLine("|---|---|")
        environment.asMap().forEach { (k, v) -> appendLine("| $k | $v |") }
        appendLine("| row JVM flags | `${ROW_JVM_FLAGS.joinToString(" ")}` |")
        appendLine(
            "| repeats | ${options.repeats}, rows interleaved: ${options.rows.joinToString(" ") {
                it.id
            }} per repeat, each run a fresh JVM |",
        )
        appendLine(
            "| brokers | started by the harness on 127.0.0.1, one per setting (mosquitto: max_queued_messages 1000, " +
                "`max_connections -1`; `emulator`: iot-emulator in the harness's JVM): ${options.brokers.joinToString {
                    "`${it.id}` ${it.label}"
                }}; " +
                "workloads that do not depend on it run on `rm100` |",
        )
        appendLine("| wall time | %.0f s |".format(elapsedSeconds))
        appendLine()
        appendLine(
            "Values are medians over the successful repeats; `× <row>` is the ratio of medians to that workload's " +
                "baseline row in this run (raw HiveMQ for MQTT workloads, the AWS CRT SDK for the shadow and jobs " +
                "workloads, the AWS SDK for Java v2 for the data-plane workload).",
        )
        for (workload in options.workloads) {
            appendLine()
            appendLine("## ${workload.title}")
            appendLine()
            appendLine(
                "${workload.method.replaceFirstChar { it.uppercase() }}. Parameters: " +
                    workload.params(options.quick).plus(
                        options.overrides.filterKeys {
                            it in workload.params(options.quick)
                        },
                    )
                        .entries.joinToString { "${it.key}=${it.value}" } + ".",
            )
            appendLine()
            val primary = workload.metrics.first { it.primary }
            val header = listOf("Client") + workload.metrics.flatMap { m ->
                if (m.primary) listOf(m.label, "× ${workload.baseline.shortName}") else listOf(m.label)
            } + listOf("runs (${primary.label})")
            appendLine("| ${header.joinToString(" | ")} |")
            appendLine("|${header.joinToString("|") { "---" }}|")
            for (row in options.rows) {
                val s = summary(workload, row) ?: continue
                val cells = ArrayList<String>()
                cells += row.label
                for (m in workload.metrics) {
                    cells += s.medians[m.key]?.let { "%,.${m.decimals}f".format(it) } ?: "—"
                    if (m.primary) cells += ratio(workload, row, m.key).fmtRatio()
                }
                val runs = s.runs.joinToString(", ") { r ->
                    r.metrics[primary.key]?.let { "%,.${primary.decimals}f".format(it) } ?: "failed"
                }
                val failures = s.runs.filter { !it.ok }
                cells += runs + if (failures.isEmpty()) "" else " (${failures.first().error})"
                appendLine("| ${cells.joinToString(" | ")} |")
            }
        }
        val targets = targets()
        if (targets.isNotEmpty()) {
            appendLine()
            appendLine("## Targets (issue 23; data plane: issue 6)")
            appendLine()
            appendLine("| Target | This run | Met |")
            appendLine("|---|---|---|")
            targets.forEach { t ->
                appendLine(
                    "| ${t.text} | ${t.value} | ${when (t.met) {
                        true -> "yes"
                        false -> "**no**"
                        null -> "n/a"
                    }} |",
                )
            }
        }
        if (jmh != null) {
            appendLine()
            appendLine("## Microbenchmarks (JMH 1.37)")
            appendLine()
            if (jmh.isEmpty()) {
                appendLine("JMH produced no results; see logs/…/jmh.out.")
            } else {
                appendLine("| Benchmark | Mode | Score | ± error | Unit |")
                appendLine("|---|---|---|---|---|")
                jmh.forEach {
                    appendLine(
                        "| ${it.benchmark} | ${it.mode} | %,.1f | %,.1f | ${it.unit} |".format(it.score, it.error),
                    )
                }
            }
        }
    }

    fun jsonLines(): List<JsonObject> {
        val lines = ArrayList<JsonObject>()
        lines += buildJsonObject {
            put("type", "environment")
            put("mode", options.mode)
            environment.asMap().forEach { (k, v) -> put(k, v) }
            put("jvmFlags", ROW_JVM_FLAGS.joinToString(" "))
            put("repeats", options.repeats)
        }
        records.forEach { r ->
            lines += buildJsonObject {
                put("type", "run")
                put("workload", r.workload.id)
                put("row", r.row.id)
                put("repeat", r.repeat)
                put("ok", r.ok)
                r.error?.let { put("error", it) }
                put("wallMillis", r.wallMillis)
                put("metrics", buildJsonObject { r.metrics.forEach { (k, v) -> put(k, v) } })
            }
        }
        summaries.values.forEach { s ->
            lines += buildJsonObject {
                put("type", "summary")
                put("workload", s.workload.id)
                put("row", s.row.id)
                put("okRuns", s.ok.size)
                put("medians", buildJsonObject { s.medians.forEach { (k, v) -> put(k, v) } })
                val primary = s.workload.metrics.first { it.primary }.key
                ratio(s.workload, s.row, primary)?.let { put("ratioToBaseline", it) }
                put("baseline", s.workload.baseline.id)
            }
        }
        targets().forEach { t ->
            lines += buildJsonObject {
                put("type", "target")
                put("target", t.text)
                put("value", t.value)
                put("met", t.met?.let { JsonPrimitive(it) } ?: JsonPrimitive(null as String?))
            }
        }
        jmh?.forEach { j ->
            lines += buildJsonObject {
                put("type", "jmh")
                put("benchmark", j.benchmark)
                put("mode", j.mode)
                put("score", j.score)
                put("error", if (j.error.isNaN()) JsonPrimitive(null as Number?) else JsonPrimitive(j.error))
                put("unit", j.unit)
            }
        }
        return lines
    }
}

/** The rows issue 23 sets targets for: iotsdk as users write it. */
private val TYPICAL_ROWS = listOf(Row.IOTSDK_JAVA, Row.IOTSDK_KOTLIN)

private fun Double?.fmtRatio(): String = this?.let { "%.2f×".format(it) } ?: "n/a"
