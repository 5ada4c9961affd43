package dev.iotsdk.benchmarks

import dev.iotsdk.benchmarks.clients.iotsdkClient
import dev.iotsdk.core.DurableQueue
import dev.iotsdk.core.FsyncPolicy
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.Qos
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.sync.Semaphore
import java.nio.file.Files
import kotlin.time.Duration.Companion.milliseconds

/**
 * Issue 26: QoS 1 publish throughput through the durable queue for each fsync mode, next to the in-memory queue, in
 * the same row JVM (iotsdk only: no other JVM client has a disk-backed queue).
 */
internal object DurableQueueThroughput : Workload {
    override val id = "durable-queue"
    override val title = "Durable offline queue: QoS 1 publish throughput by fsync mode"
    override val method =
        "one connection, `count` QoS 1 publishes of 256 bytes from `concurrency` (20) concurrent callers, after " +
            "`warmup` untimed ones, once per queue: in memory (publish returns on the PUBACK), durable with " +
            "`FsyncPolicy.EVERY_MESSAGE` and durable with `FsyncPolicy.every(100 ms)` (publish returns once stored; " +
            "concurrent callers share an fsync). `Stored/s`: publishes returned per second; `delivered/s`: until the " +
            "last PUBACK (the queue empty). The queue directory is on the build's file system (`target/`), not tmpfs"
    override val metrics = listOf(
        Metric("memoryPerSec", "in-memory msg/s", higherIsBetter = true, primary = true),
        Metric("fsyncMessageStoredPerSec", "durable fsync/message stored/s", higherIsBetter = true),
        Metric("fsyncMessageDeliveredPerSec", "durable fsync/message delivered/s", higherIsBetter = true),
        Metric("fsyncIntervalStoredPerSec", "durable fsync/100ms stored/s", higherIsBetter = true),
        Metric("fsyncIntervalDeliveredPerSec", "durable fsync/100ms delivered/s", higherIsBetter = true),
    )
    override val rows: Set<Row> = setOf(Row.IOTSDK_KOTLIN)
    override val baseline: Row = Row.IOTSDK_KOTLIN

    override fun params(quick: Boolean) = if (quick) {
        mapOf("count" to "5000", "warmup" to "2000", "concurrency" to "20")
    } else {
        mapOf("count" to "50000", "warmup" to "10000", "concurrency" to "20")
    }

    override fun run(row: Row, ctx: RunContext): Map<String, Number> {
        val root = Files.createDirectories(java.nio.file.Paths.get("target", "durable-queue-bench", ctx.runId))
        try {
            val (memory, _) = measure(ctx, null)
            val (messageStored, messageDelivered) =
                measure(ctx, DurableQueue(root.resolve("message"), FsyncPolicy.EVERY_MESSAGE))
            val (intervalStored, intervalDelivered) =
                measure(ctx, DurableQueue(root.resolve("interval"), FsyncPolicy.every(100.milliseconds)))
            return mapOf(
                "memoryPerSec" to memory,
                "fsyncMessageStoredPerSec" to messageStored,
                "fsyncMessageDeliveredPerSec" to messageDelivered,
                "fsyncIntervalStoredPerSec" to intervalStored,
                "fsyncIntervalDeliveredPerSec" to intervalDelivered,
            )
        } finally {
            root.toFile().deleteRecursively()
        }
    }

    /** Publishes rates: (returned/s, delivered/s) with [queue], or the in-memory queue for `null`. */
    private fun measure(ctx: RunContext, queue: DurableQueue?): Pair<Double, Double> {
        val base = iotsdkClient(ctx.plain("durable-${queue?.fsync?.interval ?: "memory"}")).config
        IotMqttClient.create(base.toBuilder().durableQueue(queue).build()).use { client ->
            return runBlocking {
                client.connect()
                val topic = "${ctx.topicRoot}/durable"
                publishAll(client, topic, ctx.int("warmup"), ctx.int("concurrency"))
                awaitDelivered(client)
                val start = System.nanoTime()
                publishAll(client, topic, ctx.int("count"), ctx.int("concurrency"))
                val stored = System.nanoTime()
                awaitDelivered(client)
                val delivered = System.nanoTime()
                val count = ctx.int("count") * 1e9
                count / (stored - start) to count / (delivered - start)
            }
        }
    }

    private suspend fun publishAll(client: IotMqttClient, topic: String, count: Int, concurrency: Int) {
        val payload = ByteArray(256)
        val window = Semaphore(concurrency)
        kotlinx.coroutines.coroutineScope {
            repeat(count) {
                window.acquire()
                launch {
                    try {
                        client.publish(MqttMessage(topic, payload, Qos.AT_LEAST_ONCE))
                    } finally {
                        window.release()
                    }
                }
            }
        }
    }

    private suspend fun awaitDelivered(client: IotMqttClient) {
        while (client.statistics().incompleteOperationCount > 0) delay(1)
    }
}
