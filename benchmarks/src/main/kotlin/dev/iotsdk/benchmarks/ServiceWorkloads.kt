package dev.iotsdk.benchmarks

import dev.iotsdk.benchmarks.clients.AwsCrtClient
import dev.iotsdk.benchmarks.clients.ClientSpec
import dev.iotsdk.benchmarks.clients.Completion
import dev.iotsdk.benchmarks.clients.iotsdkClient
import dev.iotsdk.emulator.IotEmulator
import dev.iotsdk.jobs.JobOutcome
import dev.iotsdk.jobs.JobRunner
import dev.iotsdk.jobs.JobsClient
import dev.iotsdk.model.shadow.ShadowState
import dev.iotsdk.shadow.ShadowClient
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import software.amazon.awssdk.crt.iot.MqttRequestResponseClientOptions
import software.amazon.awssdk.iot.iotjobs.IotJobsV2Client
import software.amazon.awssdk.iot.iotjobs.model.JobStatus
import software.amazon.awssdk.iot.iotjobs.model.StartNextPendingJobExecutionRequest
import software.amazon.awssdk.iot.iotjobs.model.UpdateJobExecutionRequest
import software.amazon.awssdk.iot.iotshadow.IotShadowV2Client
import software.amazon.awssdk.iot.iotshadow.model.UpdateShadowRequest
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Semaphore
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong

/** The rows with a shadow and a jobs client: ours and the AWS SDK's. */
private val SERVICE_ROWS = setOf(Row.IOTSDK_KOTLIN, Row.AWS_CRT)

/** Runs [block] against an emulator started in the row JVM (its plain MQTT port), the same for every row. */
internal fun <T> withEmulator(block: (IotEmulator, ClientSpec) -> T): T = IotEmulator.start().use { emulator ->
    block(emulator, ClientSpec("127.0.0.1", emulator.plainPort!!, "bench-device", null))
}

/** Connects the CRT client of [spec] and returns it. */
internal fun crtConnected(spec: ClientSpec): AwsCrtClient {
    val client = AwsCrtClient(spec)
    val latch = CountDownLatch(1)
    var failure: Throwable? = null
    client.connectAsync(
        Completion { e ->
            failure = e
            latch.countDown()
        },
    )
    check(latch.await(30, TimeUnit.SECONDS)) { "CRT connect timed out" }
    failure?.let { throw it }
    return client
}

internal fun crtRequestResponseOptions(): MqttRequestResponseClientOptions = MqttRequestResponseClientOptions.builder()
    .withMaxRequestResponseSubscriptions(4).withMaxStreamingSubscriptions(2).withOperationTimeoutSeconds(30).build()

internal object ShadowUpdates : Workload {
    override val id = "shadow-updates"
    override val title = "Device Shadow update round trips"
    override val method =
        "one connection updates the reported state of one classic shadow on the emulator (started in the " +
            "row JVM, plain MQTT), at most `window` updates outstanding (below AWS IoT's 10 in-flight limit); " +
            "each update " +
            "is timed from the call to its update/accepted answer; after an untimed warm-up"
    override val metrics = listOf(
        Metric("updatesPerSec", "updates/s", higherIsBetter = true, primary = true),
        Metric("p50Micros", "p50 µs", higherIsBetter = false),
        Metric("errors", "errors", higherIsBetter = false),
    )
    override val rows: Set<Row> = SERVICE_ROWS
    override val baseline: Row = Row.AWS_CRT

    override fun params(quick: Boolean) = if (quick) {
        mapOf("warmup" to "200", "count" to "1000", "window" to "8")
    } else {
        mapOf(
            "warmup" to "2000",
            "count" to "10000",
            "window" to "8",
        )
    }

    override fun run(row: Row, ctx: RunContext): Map<String, Number> = withEmulator { emulator, spec ->
        emulator.registerThing("bench-shadow")
        val update: (Int, (Throwable?) -> Unit) -> Unit
        val close: () -> Unit
        when (row) {
            Row.IOTSDK_KOTLIN -> {
                val mqtt = iotsdkClient(spec)
                runBlocking { mqtt.connect() }
                val shadow = ShadowClient(mqtt, "bench-shadow")
                val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
                update = { i, done ->
                    scope.launch {
                        done(
                            runCatching {
                                shadow.update(ShadowState(reported = buildJsonObject { put("n", i) }))
                            }.exceptionOrNull(),
                        )
                    }
                }
                close = {
                    scope.cancel()
                    shadow.close()
                    mqtt.close()
                }
            }
            Row.AWS_CRT -> {
                val crt = crtConnected(spec)
                val shadow = IotShadowV2Client.newFromMqtt5(crt.client, crtRequestResponseOptions())
                update = { i, done ->
                    val request = UpdateShadowRequest().apply {
                        thingName = "bench-shadow"
                        state =
                            software.amazon.awssdk.iot.iotshadow.model.ShadowState().apply {
                                reported =
                                    hashMapOf<String, Any>("n" to i)
                            }
                    }
                    shadow.updateShadow(request).whenComplete { _, e -> done(e) }
                }
                close = {
                    shadow.close()
                    crt.close()
                }
            }
            else -> error("no shadow client for $row")
        }
        try {
            windowed(ctx.int("warmup"), ctx.int("window"), update)
            val count = ctx.int("count")
            val start = System.nanoTime()
            val (errors, latencies) = windowed(count, ctx.int("window"), update)
            val seconds = (System.nanoTime() - start) / 1e9
            mapOf(
                "updatesPerSec" to count / seconds,
                "p50Micros" to percentile(latencies, 0.5),
                "errors" to errors,
                "count" to count,
            )
        } finally {
            close()
        }
    }
}

internal object JobsProcessed : Workload {
    override val id = "jobs-processed"
    override val title = "Jobs processed by a device loop"
    override val method =
        "`count` jobs are queued for one thing on the emulator (started in the row JVM, plain MQTT); the " +
            "device takes each with StartNextPendingJobExecution and reports SUCCEEDED with UpdateJobExecution " +
            "(iotsdk: its " +
            "JobRunner with a handler that returns at once; CRT: the loop its samples write, on " +
            "IotJobsV2Client); timed " +
            "from the start until every execution is SUCCEEDED"
    override val metrics = listOf(
        Metric("jobsPerSec", "jobs/s", higherIsBetter = true, primary = true),
    )
    override val rows: Set<Row> = SERVICE_ROWS
    override val baseline: Row = Row.AWS_CRT

    override fun params(quick: Boolean) = if (quick) mapOf("count" to "100") else mapOf("count" to "1000")

    override fun run(row: Row, ctx: RunContext): Map<String, Number> = withEmulator { emulator, spec ->
        val thing = "bench-jobs"
        emulator.registerThing(thing)
        val count = ctx.int("count")
        for (i in 1..count) emulator.createJob("job-$i", """{"operation":"noop","n":$i}""", listOf(thing))
        val start = System.nanoTime()
        when (row) {
            Row.IOTSDK_KOTLIN -> runBlocking {
                val mqtt = iotsdkClient(spec)
                mqtt.connect()
                val done = AtomicLong()
                val all = CompletableDeferred<Unit>()
                JobsClient(mqtt, thing).use { jobs ->
                    val runner = JobRunner(jobs) {
                        if (done.incrementAndGet() == count.toLong()) all.complete(Unit)
                        JobOutcome.Succeeded()
                    }
                    val work = runner.launchIn(this)
                    all.await()
                    // the last handler returned; wait for its SUCCEEDED to be accepted
                    while (emulator.jobExecution(thing, "job-$count")?.status !=
                        "SUCCEEDED"
                    ) {
                        kotlinx.coroutines.delay(1)
                    }
                    work.cancel()
                }
                mqtt.close()
            }
            Row.AWS_CRT -> {
                val crt = crtConnected(spec)
                IotJobsV2Client.newFromMqtt5(crt.client, crtRequestResponseOptions()).use { jobs ->
                    while (true) {
                        val next =
                            jobs.startNextPendingJobExecution(
                                StartNextPendingJobExecutionRequest().apply {
                                    thingName =
                                        thing
                                },
                            )
                                .get(30, TimeUnit.SECONDS).execution ?: break
                        jobs.updateJobExecution(
                            UpdateJobExecutionRequest().apply {
                                thingName = thing
                                jobId = next.jobId
                                status = JobStatus.SUCCEEDED
                            },
                        ).get(30, TimeUnit.SECONDS)
                    }
                }
                crt.close()
            }
            else -> error("no jobs client for $row")
        }
        val seconds = (System.nanoTime() - start) / 1e9
        val succeeded = (1..count).count { emulator.jobExecution(thing, "job-$it")?.status == "SUCCEEDED" }
        check(succeeded == count) { "only $succeeded of $count jobs succeeded" }
        mapOf("jobsPerSec" to count / seconds, "count" to count)
    }
}

/** Runs [count] operations with at most [window] outstanding; returns the errors and each operation's latency in µs. */
internal fun windowed(count: Int, window: Int, op: (Int, (Throwable?) -> Unit) -> Unit): Pair<Int, DoubleArray> {
    val permits = Semaphore(window)
    val latencies = DoubleArray(count)
    val errors = AtomicInteger()
    val finished = CountDownLatch(count)
    for (i in 0 until count) {
        permits.acquire()
        val t0 = System.nanoTime()
        op(i) { e ->
            latencies[i] = (System.nanoTime() - t0) / 1000.0
            if (e != null) errors.incrementAndGet()
            permits.release()
            finished.countDown()
        }
    }
    check(finished.await(120, TimeUnit.SECONDS)) { "operations did not finish" }
    latencies.sort()
    return errors.get() to latencies
}
