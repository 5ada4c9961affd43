@file:JvmName("DataPlaneThroughput")

package dev.iotsdk.benchmarks.dataplane

import dev.iotsdk.auth.Credentials
import dev.iotsdk.auth.StaticCredentialsProvider
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.dataplane.HttpEngine
import dev.iotsdk.dataplane.IotDataPlaneClient
import dev.iotsdk.emulator.IotEmulator
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.runBlocking

/**
 * Requests per second of the iot-data client against an in-process emulator: GetThingShadow and QoS 1 Publish,
 * one at a time and with 8 in flight, for each engine.
 * `java -cp target/classes:$(cat target/classpath.txt) dev.iotsdk.benchmarks.dataplane.DataPlaneThroughput [seconds]`.
 *
 * The AWS SDK for Java v2 `iotdataplane` client is meant to stand next to it on the same endpoint; its artifact is
 * not available from the registry this build uses, so only the signing cost is compared
 * ([DataPlaneSigningBenchmark]).
 */
public fun main(args: Array<String>) {
    val seconds = args.firstOrNull()?.toLongOrNull() ?: 3L
    IotEmulator.start().use { emulator ->
        emulator.updateShadow("bench-lamp", null, """{"state":{"reported":{"on":true}}}""")
        for (engine in HttpEngine.values()) {
            val created = runCatching {
                IotDataPlaneClient {
                    endpoint = "https://localhost:${emulator.port443}"
                    region = emulator.region
                    credentialsProvider = StaticCredentialsProvider(Credentials(emulator.credentials.accessKeyId, emulator.credentials.secretAccessKey))
                    trust = TrustMaterial.fromPemFile(emulator.caPath)
                    this.engine = engine
                }
            }
            val client = created.getOrElse {
                println("$engine: skipped (${it.message})")
                continue
            }
            client.use {
                val payload = """{"temperature":21.5}""".encodeToByteArray()
                runBlocking {
                    measure(1, 1) { client.getThingShadow("bench-lamp") } // warm-up
                    for (concurrency in listOf(1, 8)) {
                        val get = measure(seconds, concurrency) { client.getThingShadow("bench-lamp") }
                        val pub = measure(seconds, concurrency) { client.publish("bench/t", payload, qos = 1) }
                        println(String.format("%-7s concurrency %d: GetThingShadow %8.0f req/s   Publish %8.0f req/s", engine, concurrency, get, pub))
                    }
                }
            }
        }
    }
}

private suspend fun measure(seconds: Long, concurrency: Int, call: suspend () -> Unit): Double = coroutineScope {
    val deadline = System.nanoTime() + seconds * 1_000_000_000
    val start = System.nanoTime()
    val counts = (1..concurrency).map {
        async {
            var n = 0
            while (System.nanoTime() < deadline) {
                call()
                n++
            }
            n
        }
    }.awaitAll()
    counts.sum() / ((System.nanoTime() - start) / 1e9)
}
