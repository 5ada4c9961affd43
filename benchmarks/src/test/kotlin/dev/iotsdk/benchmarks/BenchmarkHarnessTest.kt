package dev.iotsdk.benchmarks

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.boolean
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import java.io.File
import java.nio.file.Files
import kotlin.time.Duration.Companion.seconds

/**
 * Runs the quick harness for two rows and two workloads with tiny counts (real mosquitto, real forked row JVMs)
 * and checks the report files hold the expected rows. Timings are not asserted.
 */
class BenchmarkHarnessTest :
    FunSpec({
        test(
            "the quick harness writes a Markdown table and JSON lines with a result for every row and workload",
        ).config(timeout = 120.seconds) {
            val out = Files.createTempDirectory("iotsdk-bench-test")
            val classpath =
                listOf("target/classes") + File("target/classpath.txt").readText().trim().split(File.pathSeparator)
            val rows = listOf(Row.IOTSDK_KOTLIN, Row.HIVEMQ)
            val workloads =
                listOf(
                    OnBroker(Qos1Throughput, BrokerSetting.AWS_IOT),
                    OnBroker(Qos1RoundTrip, BrokerSetting.UNLIMITED),
                )
            val options = Options(
                quick = true,
                repeats = 1,
                rows = rows,
                workloads = workloads,
                outDir = out,
                classpath = classpath.joinToString(File.pathSeparator),
                jmh = false,
                overrides = mapOf("warmup" to "20", "count" to "50"),
            )

            val files = runBenchmarks(options) { }

            val lines = Files.readAllLines(files.jsonLines).map { Json.parseToJsonElement(it).jsonObject }
            val runs = lines.filter { it.getValue("type").jsonPrimitive.content == "run" }
            runs.map { it.getValue("workload").jsonPrimitive.content to it.getValue("row").jsonPrimitive.content }
                .shouldContainExactlyInAnyOrder(workloads.flatMap { w -> rows.map { r -> w.id to r.id } })
            runs.forEach { run -> (run.getValue("ok").jsonPrimitive.boolean to run["error"]) shouldBe (true to null) }
            lines.count { it.getValue("type").jsonPrimitive.content == "environment" } shouldBe 1
            lines.count { it.getValue("type").jsonPrimitive.content == "summary" } shouldBe 4
            files.failures shouldBe 0

            val markdown = Files.readString(files.markdown)
            workloads.forEach { markdown shouldContain "## ${it.title}" }
            rows.forEach { row -> markdown shouldContain "| ${row.label} | " }
            markdown shouldContain "| 1.00× |"
            markdown shouldContain "QoS 1 round trip (unlimited), iotsdk Kotlin, Dispatchers.Default: p50 <= 1.15x"
            markdown shouldContain "mosquitto version"
            out.toFile().deleteRecursively()
        }

        test("medians and percentiles") {
            median(listOf(3.0, 1.0, 2.0)) shouldBe 2.0
            median(listOf(4.0, 1.0, 2.0, 3.0)) shouldBe 2.5
            percentile(doubleArrayOf(1.0, 2.0, 3.0, 4.0), 0.5) shouldBe 2.0
            percentile(DoubleArray(100) { it + 1.0 }, 0.99) shouldBe 99.0
        }
    })
