package dev.iotsdk.benchmarks.dataplane

import dev.iotsdk.auth.Credentials
import dev.iotsdk.auth.StaticCredentialsProvider
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.common.HttpEngine
import dev.iotsdk.dataplane.IotDataPlaneClient
import dev.iotsdk.emulator.IotEmulator
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext

/** The thing whose classic shadow every data-plane row reads. */
internal const val BENCH_THING: String = "bench-lamp"

/** The topic every data-plane row publishes to (QoS 1). */
internal const val BENCH_TOPIC: String = "bench/t"

/** The body every data-plane row publishes. */
internal val BENCH_BODY: ByteArray = """{"temperature":21.5}""".encodeToByteArray()

/** One iot-data client under test, pointed at an emulator's HTTPS endpoint (port443). */
internal interface DataPlaneCalls : AutoCloseable {
    /** Where the measuring loops run: a blocking client needs a thread per loop. */
    val loopContext: CoroutineContext

    suspend fun getThingShadow(thingName: String)

    suspend fun publish(topic: String, payload: ByteArray)
}

/** Our client with [engine], trusting the emulator CA, signed with the emulator's static credentials. */
internal class IotsdkDataPlane(emulator: IotEmulator, engine: HttpEngine) : DataPlaneCalls {
    private val client = IotDataPlaneClient {
        endpoint = "https://localhost:${emulator.port443}"
        region = emulator.region
        credentialsProvider =
            StaticCredentialsProvider(
                Credentials(emulator.credentials.accessKeyId, emulator.credentials.secretAccessKey),
            )
        trust = TrustMaterial.fromPemFile(emulator.caPath)
        this.engine = engine
    }

    override val loopContext: CoroutineContext = EmptyCoroutineContext

    override suspend fun getThingShadow(thingName: String) {
        client.getThingShadow(thingName)
    }

    override suspend fun publish(topic: String, payload: ByteArray) {
        client.publish(topic, payload, qos = 1)
    }

    override fun close() = client.close()
}

/** Makes [emulator] hold the shadow the rows read. */
internal fun seedDataPlane(emulator: IotEmulator) {
    emulator.updateShadow(BENCH_THING, null, """{"state":{"reported":{"on":true}}}""")
}

/**
 * Requests per second of [call] made back to back by [concurrency] loops (in [DataPlaneCalls.loopContext]) for
 * [seconds].
 */
internal suspend fun measureRequests(
    calls: DataPlaneCalls,
    seconds: Double,
    concurrency: Int,
    call: suspend DataPlaneCalls.() -> Unit,
): Double = coroutineScope {
    val start = System.nanoTime()
    val deadline = start + (seconds * 1e9).toLong()
    val counts = (1..concurrency).map {
        async(calls.loopContext) {
            var n = 0
            while (System.nanoTime() < deadline) {
                calls.call()
                n++
            }
            n
        }
    }.awaitAll()
    counts.sum() / ((System.nanoTime() - start) / 1e9)
}
