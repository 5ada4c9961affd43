package dev.iotsdk.benchmarks

import com.sun.management.OperatingSystemMXBean
import dev.iotsdk.benchmarks.clients.BenchClient
import java.lang.management.ManagementFactory
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Semaphore
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicLong
import java.util.concurrent.atomic.AtomicReference
import javax.management.ObjectName

private const val AWAIT_SECONDS = 120L
private val PROBE = "probe".toByteArray()

/**
 * Publishes [count] messages keeping at most [window] unacknowledged (a permit is taken before each publish and
 * returned by its completion), then waits for the last completion. Returns how many completed with an error.
 */
internal fun publishWindowed(client: BenchClient, topic: String, count: Int, window: Int, qos: Int): Long {
    val permits = Semaphore(window)
    val done = CountDownLatch(count)
    val errors = AtomicLong()
    val firstError = AtomicReference<Throwable?>()
    repeat(count) {
        permits.acquire()
        client.publish(topic, PAYLOAD, qos) { e ->
            if (e != null) {
                errors.incrementAndGet()
                firstError.compareAndSet(null, e)
            }
            permits.release()
            done.countDown()
        }
    }
    check(done.await(AWAIT_SECONDS, TimeUnit.SECONDS)) { "${done.count} of $count publishes never completed" }
    firstError.get()?.let { System.err.println("first publish error: $it") }
    return errors.get()
}

/**
 * CPU time used by this JVM (all threads), in nanoseconds: per-message CPU cost is steadier than throughput on a
 * shared machine, where other processes take cores away.
 */
internal fun processCpuNanos(): Long =
    (ManagementFactory.getOperatingSystemMXBean() as OperatingSystemMXBean).processCpuTime

/**
 * Confirms [subscriber]'s subscription is active by publishing QoS 1 probes on [probeTopic] from [publisher]
 * until [seen] counts one down (up to 100 attempts, 200 ms each): the same for every row, whatever its API says
 * about SUBACKs.
 */
internal fun awaitSubscribed(publisher: BenchClient, probeTopic: String, seen: CountDownLatch) {
    repeat(100) {
        publisher.publish(probeTopic, PROBE, 1) { }
        if (seen.await(200, TimeUnit.MILLISECONDS)) return
    }
    error("the subscription never delivered a probe on $probeTopic")
}

internal object Qos1Throughput : Workload {
    override val id = "qos1-throughput"
    override val title = "QoS 1 publish throughput"
    override val method =
        "one connection publishes 256-byte QoS 1 messages to one topic, at most `window` unacknowledged " +
            "(the broker setting's window); timed from the first publish to the last PUBACK, after an " +
            "untimed warm-up"
    override val metrics = listOf(
        Metric("msgPerSec", "msg/s", higherIsBetter = true, primary = true),
        Metric("cpuMicrosPerMsg", "CPU µs/msg", higherIsBetter = false, decimals = 1),
        Metric("errors", "errors", higherIsBetter = false),
    )

    override fun params(quick: Boolean) = if (quick) {
        mapOf("warmup" to "500", "count" to "2000", "window" to "20")
    } else {
        mapOf("warmup" to "50000", "count" to "200000", "window" to "20")
    }

    override fun run(row: Row, ctx: RunContext): Map<String, Number> {
        val client = row.open(ctx.plain("qos1"))
        client.connect()
        val topic = "${ctx.topicRoot}/qos1"
        val window = ctx.int("window")
        publishWindowed(client, topic, ctx.int("warmup"), window, 1)
        val count = ctx.int("count")
        val cpuStart = processCpuNanos()
        val start = System.nanoTime()
        val errors = publishWindowed(client, topic, count, window, 1)
        val seconds = (System.nanoTime() - start) / 1e9
        val cpuMicros = (processCpuNanos() - cpuStart) / 1e3 / count
        return mapOf(
            "msgPerSec" to count / seconds,
            "cpuMicrosPerMsg" to cpuMicros,
            "errors" to errors,
            "count" to count,
        )
    }
}

internal object Qos0EndToEnd : Workload {
    override val id = "qos0-e2e"
    override val title = "QoS 0 end-to-end throughput"
    override val method =
        "a publisher and a subscriber connection of the same client in one JVM; the publisher sends " +
            "256-byte QoS 0 messages with at most `window` (1000) sends outstanding; timed from the first " +
            "publish to the " +
            "last message received (or 2 s without progress); messages the subscriber never saw count as lost"
    override val metrics = listOf(
        Metric("receivedPerSec", "received msg/s", higherIsBetter = true, primary = true),
        Metric("lossPercent", "lost %", higherIsBetter = false, decimals = 2),
        // the JVM's CPU time (publisher and subscriber) over the timed messages, per message sent
        Metric("cpuMicrosPerMsg", "CPU µs/msg", higherIsBetter = false, decimals = 1),
        // iotsdk rows only (IotMqttClient.statistics().droppedIncoming): lost inside the client's bounded buffer
        Metric("droppedByClient", "dropped by client", higherIsBetter = false),
    )

    override fun params(quick: Boolean) = if (quick) {
        mapOf("warmup" to "500", "count" to "2000", "window" to "1000")
    } else {
        mapOf("warmup" to "10000", "count" to "100000", "window" to "1000")
    }

    override fun run(row: Row, ctx: RunContext): Map<String, Number> {
        val subscriber = row.open(ctx.plain("qos0-sub"))
        val publisher = row.open(ctx.plain("qos0-pub"))
        subscriber.connect()
        publisher.connect()
        val root = ctx.topicRoot
        val probeSeen = CountDownLatch(1)
        val warm = AtomicLong()
        val received = AtomicLong()
        val lastReceived = AtomicLong()
        subscriber.subscribe("$root/#", 0) { topic, _ ->
            when {
                topic.endsWith("/data") -> {
                    received.incrementAndGet()
                    lastReceived.set(System.nanoTime())
                }
                topic.endsWith("/warm") -> warm.incrementAndGet()
                else -> probeSeen.countDown()
            }
        }
        awaitSubscribed(publisher, "$root/probe", probeSeen)
        val window = ctx.int("window")
        val warmup = ctx.int("warmup")
        publishWindowed(publisher, "$root/warm", warmup, window, 0)
        awaitCount(warm, warmup.toLong())
        val count = ctx.int("count")
        val cpuStart = processCpuNanos()
        val start = System.nanoTime()
        publishWindowed(publisher, "$root/data", count, window, 0)
        awaitCount(received, count.toLong())
        val cpuMicros = (processCpuNanos() - cpuStart) / 1e3 / count
        val got = received.get()
        val seconds = (lastReceived.get() - start) / 1e9
        return mapOf(
            "receivedPerSec" to if (got == 0L) 0.0 else got / seconds,
            "lossPercent" to 100.0 * (count - got) / count,
            "cpuMicrosPerMsg" to cpuMicros,
            "received" to got,
            "count" to count,
        ) + (subscriber.droppedIncoming()?.let { mapOf("droppedByClient" to it) } ?: emptyMap())
    }

    /** Waits until [counter] reaches [target] or stops moving for 2 s. */
    private fun awaitCount(counter: AtomicLong, target: Long) {
        var last = -1L
        var stalledSince = System.nanoTime()
        while (counter.get() < target) {
            val now = counter.get()
            if (now != last) {
                last = now
                stalledSince = System.nanoTime()
            } else if (System.nanoTime() - stalledSince > 2_000_000_000L) {
                return
            }
            Thread.sleep(5)
        }
    }
}

internal object Qos1RoundTrip : Workload {
    override val id = "qos1-rtt"
    override val title = "QoS 1 round-trip latency"
    override val method =
        "one connection subscribed (QoS 1) to its own topic publishes 256-byte QoS 1 messages one at " +
            "a time; latency is from the publish call to the message arriving in the subscription callback; the next " +
            "publish starts after both the message and the PUBACK; untimed warm-up first"
    override val metrics = listOf(
        Metric("p50Micros", "p50 µs", higherIsBetter = false, primary = true),
        Metric("p99Micros", "p99 µs", higherIsBetter = false),
        Metric("maxMicros", "max µs", higherIsBetter = false),
    )

    override fun params(quick: Boolean) = if (quick) {
        mapOf("warmup" to "100", "count" to "200")
    } else {
        mapOf("warmup" to "2000", "count" to "5000")
    }

    override fun run(row: Row, ctx: RunContext): Map<String, Number> {
        // `--set rttTls=true`: over mosquitto's mutual-TLS listener (with `--set alpn=true`, iotsdk's 443 ALPN relay)
        val client = row.open(if (ctx.args["rttTls"] == "true") ctx.mutualTls("rtt") else ctx.plain("rtt"))
        client.connect()
        val root = ctx.topicRoot
        val probeSeen = CountDownLatch(1)
        val arrival = AtomicReference<CountDownLatch>()
        val arrivedAt = AtomicLong()
        client.subscribe("$root/#", 1) { topic, _ ->
            if (topic.endsWith("/rtt")) {
                arrivedAt.set(System.nanoTime())
                arrival.get()?.countDown()
            } else {
                probeSeen.countDown()
            }
        }
        awaitSubscribed(client, "$root/probe", probeSeen)
        val warmup = ctx.int("warmup")
        val count = ctx.int("count")
        val samples = DoubleArray(count)
        for (i in 0 until warmup + count) {
            val both = CountDownLatch(2)
            arrival.set(both)
            val start = System.nanoTime()
            val error = AtomicReference<Throwable?>()
            client.publish("$root/rtt", PAYLOAD, 1) { e ->
                error.set(e)
                both.countDown()
            }
            check(both.await(30, TimeUnit.SECONDS)) { "round trip $i did not complete" }
            error.get()?.let { throw IllegalStateException("publish $i failed", it) }
            if (i >= warmup) samples[i - warmup] = (arrivedAt.get() - start) / 1000.0
        }
        samples.sort()
        return mapOf(
            "p50Micros" to percentile(samples, 0.50),
            "p99Micros" to percentile(samples, 0.99),
            "maxMicros" to samples.last(),
            "count" to count,
        )
    }
}

internal object ConnectionScale : Workload {
    override val id = "connection-scale"
    override val title = "Connection scale"
    override val method =
        "`connections` clients in one JVM connect over plain TCP, at most 256 connects in progress at " +
            "once; time from the first connect to the last CONNACK; heap (after System.gc()), RSS and bytes " +
            "allocated (by all threads, live or garbage) per " +
            "connection are (after - before) / (connected - 1), 'before' measured with one client already " +
            "connected; logging at WARN (benchmark-logging.xml: iotsdk's INFO line per connect would measure the " +
            "console); a row that has not " +
            "started all connects within `budgetSeconds` stops there and reports what it reached (Paho's thread-per-" +
            "connection design: 3 threads and a timer per client)"
    override val metrics = listOf(
        Metric("connectAllMillis", "connect all ms", higherIsBetter = false),
        Metric("rssPerConnKb", "RSS/conn KiB", higherIsBetter = false, primary = true, decimals = 1),
        Metric("heapPerConnKb", "heap/conn KiB", higherIsBetter = false, decimals = 1),
        Metric("allocPerConnKb", "allocated/conn KiB", higherIsBetter = false, decimals = 1),
        Metric("threads", "threads", higherIsBetter = false),
        Metric("connected", "connected", higherIsBetter = true),
    )

    override fun params(quick: Boolean) = mapOf(
        "connections" to if (quick) "50" else "10000",
        "parallel" to "256",
        "budgetSeconds" to if (quick) "30" else "40",
    )

    override fun run(row: Row, ctx: RunContext): Map<String, Number> {
        val n = ctx.int("connections")
        val first = row.open(ctx.plain("scale-0"))
        first.connect()
        val heapBefore = settledHeapBytes()
        val rssBefore = rssBytes()
        val allocatedBefore = allocatedBytes()
        val clients = ArrayList<BenchClient>(n)
        clients += first
        val permits = Semaphore(ctx.int("parallel"))
        val done = CountDownLatch(n - 1)
        val failures = AtomicLong()
        val firstFailure = AtomicReference<Throwable?>()
        val start = System.nanoTime()
        val budgetNanos = ctx.int("budgetSeconds") * 1_000_000_000L
        var started = 1
        for (i in 1 until n) {
            if (System.nanoTime() - start > budgetNanos) break
            permits.acquire()
            started++
            val client = row.open(ctx.plain("scale-$i"))
            clients += client
            client.connectAsync { e ->
                if (e != null) {
                    failures.incrementAndGet()
                    firstFailure.compareAndSet(null, e)
                }
                permits.release()
                done.countDown()
            }
        }
        repeat(n - started) { done.countDown() }
        check(done.await(AWAIT_SECONDS, TimeUnit.SECONDS)) {
            "${done.count} of ${started - 1} connects never completed"
        }
        val millis = (System.nanoTime() - start) / 1e6
        val allocatedAfter = allocatedBytes()
        firstFailure.get()?.let { System.err.println("first connect failure: $it") }
        val heapAfter = settledHeapBytes()
        val rssAfter = rssBytes()
        val connected = started - failures.get()
        writeHeapDiagnostics(ctx.runId)
        return mapOf(
            "connectAllMillis" to millis,
            "rssPerConnKb" to (rssAfter - rssBefore) / 1024.0 / (connected - 1),
            "heapPerConnKb" to (heapAfter - heapBefore) / 1024.0 / (connected - 1),
            "allocPerConnKb" to (allocatedAfter - allocatedBefore) / 1024.0 / (connected - 1),
            "threads" to threadCount(),
            "connected" to connected,
            "connections" to n,
        )
    }
}

internal object MutualTlsConnect : Workload {
    override val id = "mtls-connect"
    override val title = "Mutual-TLS connect time"
    override val method = "sequentially, a new client with the broker CA and a client certificate from PEM files is " +
        "created and connected to mosquitto's mutual-TLS listener (TLS handshake + CONNECT/CONNACK), then closed; " +
        "'create+connect' includes building the client (key/trust material parsing), 'connect' only the connect " +
        "call; median over `count` connects after `warmup` untimed ones"
    override val metrics = listOf(
        Metric("totalMillis", "create+connect ms", higherIsBetter = false, primary = true, decimals = 2),
        Metric("connectMillis", "connect ms", higherIsBetter = false, decimals = 2),
    )

    override fun params(quick: Boolean) =
        if (quick) mapOf("warmup" to "2", "count" to "3") else mapOf("warmup" to "5", "count" to "20")

    override fun run(row: Row, ctx: RunContext): Map<String, Number> {
        val warmup = ctx.int("warmup")
        val count = ctx.int("count")
        val total = ArrayList<Double>()
        val connect = ArrayList<Double>()
        for (i in 0 until warmup + count) {
            val t0 = System.nanoTime()
            val client = row.open(ctx.mutualTls("mtls-$i"))
            val t1 = System.nanoTime()
            client.connect()
            val t2 = System.nanoTime()
            client.close()
            if (i >= warmup) {
                total += (t2 - t0) / 1e6
                connect += (t2 - t1) / 1e6
            }
        }
        return mapOf("totalMillis" to median(total), "connectMillis" to median(connect), "count" to count)
    }
}

/** The live-object class histogram (`jcmd GC.class_histogram`), for finding what a connection costs. */
/** What `BENCH_HISTOGRAM_DIR` and `BENCH_HEAP_DUMP_DIR` ask for: a class histogram and a heap dump, of live objects. */
private fun writeHeapDiagnostics(runId: String) {
    System.getenv("BENCH_HISTOGRAM_DIR")?.let { writeClassHistogram(Paths.get(it).resolve("$runId.histo.txt")) }
    System.getenv("BENCH_HEAP_DUMP_DIR")?.let {
        val file = Paths.get(it).resolve("$runId.hprof")
        Files.createDirectories(file.parent)
        Files.deleteIfExists(file)
        ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean::class.java)
            .dumpHeap(file.toString(), true)
    }
}

private fun writeClassHistogram(file: Path) {
    val text = ManagementFactory.getPlatformMBeanServer().invoke(
        ObjectName("com.sun.management:type=DiagnosticCommand"),
        "gcClassHistogram",
        arrayOf<Any>(arrayOf<String>()),
        arrayOf(Array<String>::class.java.name),
    ) as String
    Files.createDirectories(file.parent)
    Files.writeString(file, text)
}
