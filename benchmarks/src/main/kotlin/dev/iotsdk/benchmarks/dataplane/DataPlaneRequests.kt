package dev.iotsdk.benchmarks.dataplane

import dev.iotsdk.benchmarks.Metric
import dev.iotsdk.benchmarks.Row
import dev.iotsdk.benchmarks.RunContext
import dev.iotsdk.benchmarks.Workload
import dev.iotsdk.common.HttpEngine
import dev.iotsdk.emulator.IotEmulator
import kotlinx.coroutines.runBlocking

/**
 * iot-data over HTTPS: our `IotDataPlaneClient` (its default engine) against the AWS SDK for Java v2 one, the
 * baseline, on the same emulator endpoint.
 */
internal object DataPlaneRequests : Workload {
    override val id = "dataplane-requests"
    override val title = "Data-plane (iot-data over HTTPS) requests"
    override val method =
        "an emulator started in the row JVM serves iot-data on its HTTPS port (localhost, its CA trusted, " +
            "SigV4 with static credentials); the client makes GetThingShadow and QoS 1 Publish calls back to back " +
            "from " +
            "1 and from 8 loops (iotsdk: coroutines in the row's runBlocking on its default engine, the JDK " +
            "HTTP client; " +
            "AWS SDK v2: a thread per loop on the synchronous client) for `seconds` each, after `warmup` seconds " +
            "of untimed calls"
    override val metrics = listOf(
        Metric("get1PerSec", "GetThingShadow req/s ×1", higherIsBetter = true, primary = true),
        Metric("publish1PerSec", "Publish req/s ×1", higherIsBetter = true, primary = true),
        Metric("get8PerSec", "GetThingShadow req/s ×8", higherIsBetter = true, primary = true),
        Metric("publish8PerSec", "Publish req/s ×8", higherIsBetter = true, primary = true),
    )
    override val rows: Set<Row> = setOf(Row.IOTSDK_KOTLIN, Row.AWS_SDK_V2)
    override val baseline: Row = Row.AWS_SDK_V2

    override fun params(quick: Boolean) =
        if (quick) mapOf("warmup" to "1", "seconds" to "2") else mapOf("warmup" to "3", "seconds" to "5")

    override fun run(row: Row, ctx: RunContext): Map<String, Number> = IotEmulator.start().use { emulator ->
        seedDataPlane(emulator)
        val calls = when (row) {
            Row.IOTSDK_KOTLIN -> IotsdkDataPlane(emulator, HttpEngine.JAVA)
            Row.AWS_SDK_V2 -> AwsSdkV2DataPlane(emulator)
            else -> error("no iot-data client for $row")
        }
        calls.use { measureAll(it, ctx.int("warmup").toDouble(), ctx.int("seconds").toDouble()) }
    }
}

/** The four figures of [DataPlaneRequests] for [calls], after [warmup] seconds of untimed calls of both kinds. */
internal fun measureAll(calls: DataPlaneCalls, warmup: Double, seconds: Double): Map<String, Double> = runBlocking {
    measureRequests(calls, warmup / 2, 8) { getThingShadow(BENCH_THING) }
    measureRequests(calls, warmup / 2, 8) { publish(BENCH_TOPIC, BENCH_BODY) }
    val out = LinkedHashMap<String, Double>()
    for (concurrency in listOf(1, 8)) {
        out["get${concurrency}PerSec"] = measureRequests(calls, seconds, concurrency) { getThingShadow(BENCH_THING) }
        out["publish${concurrency}PerSec"] =
            measureRequests(calls, seconds, concurrency) { publish(BENCH_TOPIC, BENCH_BODY) }
    }
    out
}
