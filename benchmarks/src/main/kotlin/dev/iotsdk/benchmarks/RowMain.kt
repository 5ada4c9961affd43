@file:JvmName("RowMain")

package dev.iotsdk.benchmarks

import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put

/** The marker in front of the one JSON line a row JVM prints for the orchestrator. */
internal const val RESULT_PREFIX: String = "BENCH-RESULT "

/**
 * Runs one workload for one row in this (fresh) JVM and prints one `BENCH-RESULT {json}` line:
 * `java -cp … dev.iotsdk.benchmarks.RowMain <row> <workload> key=value…`. Started by the orchestrator
 * (`benchmarks/run`), not by hand. Exits without closing the clients: the process ends every connection at once.
 */
public fun main(args: Array<String>) {
    require(args.size >= 2) { "usage: RowMain <row> <workload> key=value…" }
    val line = try {
        val row = Row.byId(args[0])
        val workload = Workloads.byId(args[1])
        val params = args.drop(2).associate { it.substringBefore('=') to it.substringAfter('=') }
        val metrics = workload.run(row, RunContext(params))
        buildJsonObject {
            put("ok", true)
            put("metrics", buildJsonObject { metrics.forEach { (k, v) -> put(k, JsonPrimitive(v)) } })
        }
    } catch (e: Throwable) {
        e.printStackTrace()
        buildJsonObject {
            put("ok", false)
            put("error", "${e.javaClass.simpleName}: ${e.message}".take(400))
        }
    }
    println(RESULT_PREFIX + line)
    System.out.flush()
    System.err.flush()
    // halt skips shutdown hooks, so write a `--jfr` recording (started with filename=) ourselves first
    if (jdk.jfr.FlightRecorder.isInitialized()) {
        jdk.jfr.FlightRecorder.getFlightRecorder().recordings.forEach {
            it.stop()
        }
    }
    Runtime.getRuntime().halt(0)
}
