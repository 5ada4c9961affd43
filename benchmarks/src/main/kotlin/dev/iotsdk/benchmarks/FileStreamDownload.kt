package dev.iotsdk.benchmarks

import dev.iotsdk.benchmarks.clients.ClientSpec
import dev.iotsdk.benchmarks.clients.iotsdkClient
import dev.iotsdk.emulator.IotEmulator
import dev.iotsdk.emulator.streams.EmulatedStreamFile
import dev.iotsdk.streams.FileDownload
import dev.iotsdk.streams.StreamFormat
import dev.iotsdk.streams.StreamsClient
import dev.iotsdk.streams.StreamsClientOptions
import kotlinx.coroutines.runBlocking
import java.nio.file.Files
import kotlin.random.Random

/**
 * MQTT file-stream download throughput: iotsdk's `StreamsClient` downloads a file from an emulator stream (started in
 * the row JVM, plain MQTT) to disk. No other JVM client implements AWS IoT MQTT-based file delivery, so the only row is
 * iotsdk's (AWS's embedded C SDK is the only other implementation).
 */
internal object FileStreamDownload : Workload {
    override val id = "file-stream"
    override val title = "MQTT file stream download (OTA)"
    override val method =
        "one connection downloads a `sizeMb` MiB file from an emulator stream (started in the row JVM, plain " +
            "MQTT) with `StreamsClient.download` in `format` with `blockSize`-byte blocks (AWS's 128 KiB per " +
            "GetStream, one request in flight), writing each block to disk; timed from the call to the " +
            "complete file; after one untimed 1 MiB warm-up download"
    override val metrics = listOf(
        Metric("megabytesPerSec", "MB/s", higherIsBetter = true, primary = true, decimals = 1),
        Metric("millis", "ms", higherIsBetter = false),
        Metric("reRequested", "blocks re-requested", higherIsBetter = false),
    )
    override val rows: Set<Row> = setOf(Row.IOTSDK_KOTLIN)
    override val baseline: Row = Row.IOTSDK_KOTLIN

    override fun params(quick: Boolean) = if (quick) {
        mapOf("sizeMb" to "4", "blockSize" to "32768", "format" to "CBOR")
    } else {
        mapOf("sizeMb" to "20", "blockSize" to "32768", "format" to "CBOR")
    }

    override fun run(row: Row, ctx: RunContext): Map<String, Number> = IotEmulator.start().use { emulator ->
        val size = ctx.int("sizeMb") shl 20
        val dir = Files.createTempDirectory("bench-streams")
        try {
            val source = dir.resolve("source.bin").also { Files.write(it, Random(1).nextBytes(size)) }
            val warmup = dir.resolve("warmup.bin").also { Files.write(it, Random(2).nextBytes(1 shl 20)) }
            emulator.streams.createStream("bench", listOf(EmulatedStreamFile.ofPath(0, source)))
            emulator.streams.createStream("warmup", listOf(EmulatedStreamFile.ofPath(0, warmup)))
            val spec = ClientSpec("127.0.0.1", emulator.plainPort!!, "bench-streams", null)
            val options = StreamsClientOptions(StreamFormat.valueOf(ctx.args.getValue("format")), ctx.int("blockSize"))
            iotsdkClient(spec).use { mqtt ->
                runBlocking {
                    mqtt.connect()
                    StreamsClient(mqtt, "bench-streams", "warmup", options)
                        .downloadTo(FileDownload(0, dir.resolve("w")))
                    val start = System.nanoTime()
                    val done = StreamsClient(mqtt, "bench-streams", "bench", options)
                        .downloadTo(FileDownload(0, dir.resolve("out.bin"), size.toLong()))
                    val millis = (System.nanoTime() - start) / 1e6
                    mapOf(
                        "megabytesPerSec" to size / 1e3 / millis,
                        "millis" to millis,
                        "reRequested" to done.reRequestedBlocks,
                    )
                }
            }
        } finally {
            dir.toFile().deleteRecursively()
        }
    }
}
