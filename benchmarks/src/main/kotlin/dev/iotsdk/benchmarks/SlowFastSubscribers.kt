package dev.iotsdk.benchmarks

import dev.iotsdk.benchmarks.clients.BenchClient
import java.nio.ByteBuffer
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Semaphore
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong
import java.util.concurrent.locks.LockSupport

/**
 * Issue 19: one slow and one fast subscriber on the same connection. The fast subscription's QoS 1 message rate and
 * p99 latency are measured twice in the same JVM: alone, and while a second subscription on that connection receives
 * a QoS 0 flood and its callback takes `slowMillis` per message (a consumer that cannot keep up).
 */
internal object SlowFastSubscribers : Workload {
    override val id = "slow-fast"
    override val title = "One slow and one fast subscriber on one connection"
    override val method =
        "a subscriber connection has a fast QoS 1 subscription and a QoS 0 subscription whose callback sleeps " +
            "`slowMillis` per message; a publisher sends `count` 256-byte QoS 1 messages to the fast one (at most " +
            "`window` unacknowledged), first alone, then while a second publisher floods the slow one with QoS 0 " +
            "(at most 1,000 sends outstanding); fast-subscriber rate is messages received per second from the " +
            "first publish to the last receipt, latency from the publish call to the callback; 'with/alone' " +
            "compares the two. A control phase in between sends the same flood to the same slow subscription on " +
            "another connection (its own client) while the fast one is measured again: 'flood elsewhere/alone' is " +
            "what the flood's CPU alone (broker, flooder, decoding) costs the fast subscriber on this machine, and " +
            "'with/elsewhere' what sharing the connection with the slow subscription costs on top (1.0: isolated). " +
            "The flood is paced at `floodRate` messages/s (0: as fast as the flooder can), above " +
            "what the slow callback can take (1,000/s at 1 ms) and below what saturates a 2-core machine, so that " +
            "what slows the fast subscriber is the client, not the CPU the broker and the flooder take"
    override val metrics = listOf(
        Metric("rateRatio", "fast rate with/alone", higherIsBetter = true, primary = true, decimals = 2),
        Metric("elsewhereRatio", "fast rate flood elsewhere/alone", higherIsBetter = true, decimals = 2),
        Metric("isolationRatio", "fast rate with/elsewhere", higherIsBetter = true, decimals = 2),
        Metric("aloneMsgPerSec", "fast msg/s alone", higherIsBetter = true),
        Metric("withSlowMsgPerSec", "fast msg/s with slow", higherIsBetter = true),
        Metric("aloneP99Micros", "fast p99 µs alone", higherIsBetter = false),
        Metric("withSlowP99Micros", "fast p99 µs with slow", higherIsBetter = false),
        Metric("fastLost", "fast lost", higherIsBetter = false),
        Metric("slowReceived", "slow received", higherIsBetter = true),
        // iotsdk rows: the subscriber connection's unplanned ends in each phase (RECEIVE_MAXIMUM_EXCEEDED, issue 19)
        Metric("aloneConnectionLosses", "sub. connection lost alone", higherIsBetter = false),
        Metric("withSlowConnectionLosses", "sub. connection lost with slow", higherIsBetter = false),
    )

    /**
     * Not the Unconfined variant: there the harness's callbacks run on iotsdk's transport thread, so the slow
     * callback's sleep would block the connection itself, which measures the harness, not the client.
     */
    override val rows: Set<Row> = Row.MQTT - Row.IOTSDK_KOTLIN_UNCONFINED

    override fun params(quick: Boolean) = if (quick) {
        mapOf("warmup" to "500", "count" to "2000", "window" to "20", "slowMillis" to "1", "floodRate" to "2000")
    } else {
        mapOf("warmup" to "5000", "count" to "10000", "window" to "20", "slowMillis" to "1", "floodRate" to "2000")
    }

    override fun run(row: Row, ctx: RunContext): Map<String, Number> {
        val subscriber = row.open(ctx.plain("sf-sub"))
        val publisher = row.open(ctx.plain("sf-pub"))
        val flooder = row.open(ctx.plain("sf-flood"))
        listOf(subscriber, publisher, flooder).forEach { it.connect() }
        val losses = subscriber.countConnectionLosses()
        val root = ctx.topicRoot
        val count = ctx.int("count")
        val slowMillis = ctx.int("slowMillis").toLong()
        val phase = Phase(count)
        val slowReceived = AtomicLong()
        val fastProbe = CountDownLatch(1)
        val slowProbe = CountDownLatch(1)
        subscriber.subscribe("$root/fast/#", 1) { topic, payload ->
            if (topic.endsWith("/probe")) fastProbe.countDown() else current?.record(payload)
        }
        subscriber.subscribe("$root/slow/#", 0) { topic, _ ->
            if (topic.endsWith("/probe")) {
                slowProbe.countDown()
            } else {
                slowReceived.incrementAndGet()
                Thread.sleep(slowMillis)
            }
        }
        awaitSubscribed(publisher, "$root/fast/probe", fastProbe)
        awaitSubscribed(publisher, "$root/slow/probe", slowProbe)
        val window = ctx.int("window")
        measure(publisher, "$root/fast/data", Phase(ctx.int("warmup")), window)
        val lossesBefore = losses?.invoke()
        val alone = measure(publisher, "$root/fast/data", phase, window)
        val lossesAlone = losses?.invoke()
        val elsewhere = measureWithFloodElsewhere(row, ctx, publisher, flooder, Phase(count))
        val lossesElsewhere = losses?.invoke()
        val flooding = AtomicBoolean(true)
        val flood = startFlood(flooder, "$root/slow/data", ctx.int("floodRate"), flooding)
        val withSlow = measure(publisher, "$root/fast/data", Phase(count), window)
        flooding.set(false)
        flood.join(FLOOD_STOP_MILLIS)
        return mapOf(
            "rateRatio" to withSlow.rate / alone.rate,
            "elsewhereRatio" to elsewhere.rate / alone.rate,
            "isolationRatio" to withSlow.rate / elsewhere.rate,
            "aloneMsgPerSec" to alone.rate,
            "withSlowMsgPerSec" to withSlow.rate,
            "aloneP99Micros" to alone.p99,
            "withSlowP99Micros" to withSlow.p99,
            "fastLost" to alone.lost + elsewhere.lost + withSlow.lost,
            "slowReceived" to slowReceived.get(),
            "count" to count,
        ) + (subscriber.droppedIncoming()?.let { mapOf("slowDroppedByClient" to it) } ?: emptyMap()) +
            connectionLosses(lossesBefore, lossesAlone, lossesElsewhere, losses?.invoke())
    }

    /**
     * The control phase: [phase] measured on the fast subscription while the flood goes to the same slow subscription
     * on a connection of its own, closed afterwards (with whatever it still buffers).
     */
    private fun measureWithFloodElsewhere(
        row: Row,
        ctx: RunContext,
        publisher: BenchClient,
        flooder: BenchClient,
        phase: Phase,
    ): Result {
        val root = ctx.topicRoot
        val slowMillis = ctx.int("slowMillis").toLong()
        val other = row.open(ctx.plain("sf-other"))
        try {
            other.connect()
            val probe = CountDownLatch(1)
            other.subscribe("$root/other/#", 0) { topic, _ ->
                if (topic.endsWith("/probe")) probe.countDown() else Thread.sleep(slowMillis)
            }
            awaitSubscribed(publisher, "$root/other/probe", probe)
            val flooding = AtomicBoolean(true)
            val flood = startFlood(flooder, "$root/other/data", ctx.int("floodRate"), flooding)
            val result = measure(publisher, "$root/fast/data", phase, ctx.int("window"))
            flooding.set(false)
            flood.join(FLOOD_STOP_MILLIS)
            return result
        } finally {
            other.close()
        }
    }

    /** Floods [topic] with QoS 0 at [rate] messages/s (0: back to back) until [flooding] is cleared. */
    private fun startFlood(flooder: BenchClient, topic: String, rate: Int, flooding: AtomicBoolean): Thread = Thread {
        // paced: a batch every 1/FLOOD_BATCHES_PER_SECOND s
        val batch = if (rate > 0) maxOf(1, rate / FLOOD_BATCHES_PER_SECOND) else FLOOD_BATCH
        val interval = if (rate > 0) NANOS_PER_SECOND * batch / rate else 0L
        var next = System.nanoTime()
        while (flooding.get()) {
            publishWindowed(flooder, topic, batch, FLOOD_WINDOW, 0)
            next += interval
            val wait = next - System.nanoTime()
            if (wait > 0) LockSupport.parkNanos(wait)
        }
    }.apply {
        isDaemon = true
        start()
    }

    /**
     * The subscriber's connection losses in the alone and with-slow phases, where the row counts them: [counts] is the
     * running count before the alone phase, after it, after the control phase and after the with-slow phase.
     */
    private fun connectionLosses(vararg counts: Long?): Map<String, Number> {
        val c = counts.filterNotNull().takeIf { it.size == counts.size } ?: return emptyMap()
        return mapOf(
            "aloneConnectionLosses" to c[1] - c[0],
            "withSlowConnectionLosses" to c[3] - c[2],
        )
    }

    private class Result(val rate: Double, val p99: Double, val lost: Int)

    /** One timed run of [phase]'s messages; the subscriber's callback reports to whichever phase is [current]. */
    @Volatile private var current: Phase? = null

    private fun measure(publisher: BenchClient, topic: String, phase: Phase, window: Int): Result {
        current = phase
        val permits = Semaphore(window)
        val start = System.nanoTime()
        for (i in 0 until phase.count) {
            permits.acquire()
            phase.sentAt[i] = System.nanoTime()
            publisher.publish(topic, phase.payload(i), 1) { permits.release() }
        }
        // a row whose slow callback holds up the fast one reports what arrived by then (counted as lost)
        phase.done.await(PHASE_SECONDS, TimeUnit.SECONDS)
        val received = phase.received.get().toInt()
        val end = if (received < phase.count) System.nanoTime() else phase.last.get()
        val seconds = (end - start) / 1e9
        val latencies = phase.latencyMicros.copyOf(received).also { it.sort() }
        return Result(
            if (received == 0) 0.0 else received / seconds,
            if (received == 0) 0.0 else percentile(latencies, 0.99),
            phase.count - received,
        )
    }

    /** The messages of one measurement: send times by index, latencies in arrival order. */
    private class Phase(val count: Int) {
        val sentAt = LongArray(count)
        val latencyMicros = DoubleArray(count)
        val received = AtomicLong()
        val last = AtomicLong()
        val done = CountDownLatch(count)
        private val id = NEXT_ID.incrementAndGet()

        fun payload(i: Int): ByteArray = PAYLOAD.copyOf().also { ByteBuffer.wrap(it).putInt(id).putInt(i) }

        fun record(payload: ByteArray) {
            val b = ByteBuffer.wrap(payload)
            if (b.int != id) return
            val i = b.int
            val now = System.nanoTime()
            val n = received.getAndIncrement().toInt()
            if (n < count) latencyMicros[n] = (now - sentAt[i]) / 1e3
            last.set(now)
            done.countDown()
        }
    }

    private val NEXT_ID = AtomicInteger()
    private const val FLOOD_BATCH = 1_000
    private const val FLOOD_BATCHES_PER_SECOND = 20
    private const val NANOS_PER_SECOND = 1_000_000_000L
    private const val FLOOD_WINDOW = 1_000
    private const val PHASE_SECONDS = 30L
    private const val FLOOD_STOP_MILLIS = 5_000L
}
