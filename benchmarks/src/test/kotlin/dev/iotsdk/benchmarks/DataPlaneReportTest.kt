package dev.iotsdk.benchmarks

import dev.iotsdk.benchmarks.dataplane.DataPlaneRequests
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Paths

/** The data-plane lines of the report: request rates against the AWS SDK v2 row, and the JMH signing comparison. */
class DataPlaneReportTest :
    FunSpec({
        val environment =
            Environment("2026-12-04T00:00:00Z", "test JVM", "none", 2, "1 kB", "0.00 0.00 0.00", "1024", "test OS")
        val options = Options(
            quick = true,
            repeats = 1,
            rows = listOf(Row.IOTSDK_KOTLIN, Row.AWS_SDK_V2),
            workloads = listOf(DataPlaneRequests),
            outDir = Paths.get("unused"),
            classpath = "",
            jmh = true,
        )

        fun run(row: Row, vararg values: Double) = RunRecord(
            DataPlaneRequests,
            row,
            1,
            DataPlaneRequests.metrics.map {
                it.key
            }.zip(values.toList()).toMap(),
            null,
            1_000,
        )

        fun signing(ours: Double, theirs: Double) = listOf("GetThingShadow", "Publish").flatMap { op ->
            listOf(
                JmhResult("DataPlaneSigningBenchmark.iotsdk$op", "avgt", ours, 0.1, "us/op"),
                JmhResult("DataPlaneSigningBenchmark.awsSdkV2$op", "avgt", theirs, 0.1, "us/op"),
            )
        }

        fun report(ours: DoubleArray, aws: DoubleArray, jmh: List<JmhResult>) =
            Report(options, environment, listOf(run(Row.IOTSDK_KOTLIN, *ours), run(Row.AWS_SDK_V2, *aws)), jmh, 1.0)

        test("the request-rate target is met when every figure is at least the AWS SDK's, ties included") {
            val targets = report(
                doubleArrayOf(200.0, 300.0, 800.0, 900.0),
                doubleArrayOf(100.0, 300.0, 700.0, 900.0),
                signing(1.2, 5.0),
            ).targets()
            val rates = targets.single { it.text.startsWith("Data-plane requests/s") }
            rates.met shouldBe true
            rates.value shouldContain "GetThingShadow req/s ×1 200 vs 100"
        }

        test("one figure below the AWS SDK's misses the request-rate target") {
            val targets = report(
                doubleArrayOf(200.0, 300.0, 800.0, 899.0),
                doubleArrayOf(100.0, 300.0, 700.0, 900.0),
                emptyList(),
            ).targets()
            targets.single { it.text.startsWith("Data-plane requests/s") }.met shouldBe false
            targets.none { it.text.startsWith("Data-plane SigV4") } shouldBe true
        }

        test("the signing line shows iotsdk's cost next to the AWS SDK v2 signer's, and the Markdown prints both") {
            val report = report(doubleArrayOf(1.0, 1.0, 1.0, 1.0), doubleArrayOf(1.0, 1.0, 1.0, 1.0), signing(6.0, 5.0))
            val line = report.targets().single { it.text.startsWith("Data-plane SigV4 signing") }
            line.value shouldBe "GetThingShadow 6.00 vs 5.00 us/op; Publish 6.00 vs 5.00 us/op"
            line.met shouldBe false
            val markdown = report.markdown()
            markdown shouldContain "| DataPlaneSigningBenchmark.awsSdkV2Publish | avgt | 5.0 |"
            markdown shouldContain
                "Data-plane SigV4 signing per request, iotsdk at most the AWS SDK v2 signer's (JMH) | " +
                "GetThingShadow 6.00 vs 5.00 us/op"
        }
    })
