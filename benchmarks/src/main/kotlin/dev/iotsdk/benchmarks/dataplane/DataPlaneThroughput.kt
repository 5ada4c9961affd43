@file:JvmName("DataPlaneThroughput")

package dev.iotsdk.benchmarks.dataplane

import dev.iotsdk.common.HttpEngine
import dev.iotsdk.emulator.IotEmulator

/**
 * Requests per second of the iot-data clients against an in-process emulator: GetThingShadow and QoS 1 Publish,
 * one at a time and with 8 in flight, for each of our engines and for the AWS SDK for Java v2 `IotDataPlaneClient`
 * on the same endpoint. The harness runs the same measurement (our default engine and the AWS SDK) as the
 * [DataPlaneRequests] workload: `benchmarks/run --workloads dataplane-requests`. By hand:
 * `java -cp target/classes:$(cat target/classpath.txt) dev.iotsdk.benchmarks.dataplane.DataPlaneThroughput [seconds]`.
 * The signing cost alone is compared by the JMH benchmark `dev.iotsdk.benchmarks.micro.DataPlaneSigningBenchmark`.
 */
public fun main(args: Array<String>) {
    val seconds = args.firstOrNull()?.toDoubleOrNull() ?: 3.0
    IotEmulator.start().use { emulator ->
        seedDataPlane(emulator)
        val clients: List<Pair<String, () -> DataPlaneCalls>> =
            HttpEngine.entries.map { engine -> "iotsdk $engine" to { IotsdkDataPlane(emulator, engine) } } +
                ("AWS SDK v2" to { AwsSdkV2DataPlane(emulator) })
        for ((name, create) in clients) {
            val calls = runCatching(create).getOrElse {
                println("$name: skipped (${it.message})")
                continue
            }
            val r = calls.use { measureAll(it, warmup = 1.0, seconds = seconds) }
            for (concurrency in listOf(1, 8)) {
                println(
                    String.format(
                        "%-14s concurrency %d: GetThingShadow %8.0f req/s   Publish %8.0f req/s",
                        name,
                        concurrency,
                        r.getValue("get${concurrency}PerSec"),
                        r.getValue("publish${concurrency}PerSec"),
                    ),
                )
            }
        }
    }
}
