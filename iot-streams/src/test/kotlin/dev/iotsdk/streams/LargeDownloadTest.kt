package dev.iotsdk.streams

import dev.iotsdk.emulator.proxy.TcpFaultProxy
import dev.iotsdk.emulator.streams.EmulatedStreamFile
import dev.iotsdk.test.IotEmulatorExtension
import dev.iotsdk.test.mtlsClient
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.longs.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.onEach
import kotlinx.coroutines.flow.takeWhile
import java.lang.management.ManagementFactory
import java.lang.management.MemoryType
import java.nio.file.Files
import java.nio.file.Path
import kotlin.random.Random
import kotlin.time.Duration.Companion.seconds
import kotlin.time.TimeSource

/**
 * A 20 MiB file through the emulator over mutual TLS: memory stays bounded, a cut connection costs only the blocks in
 * flight, and a stopped download resumes from its sidecar. Figures are printed for the report.
 */
class LargeDownloadTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())
        val size = 20 * 1024 * 1024
        val dir = Files.createTempDirectory("streams-large")
        val source: Path = dir.resolve("source.bin")
        val bytes = Random(24).nextBytes(size)
        Files.write(source, bytes)
        val digest = sha256(bytes)
        emulator.streams.createStream("ota-20mb", listOf(EmulatedStreamFile.ofPath(0, source)))

        test("20 MiB through a cut connection: heap stays bounded and only the blocks in flight are asked for again") {
            val device = emulator.registerThing("large-device")
            TcpFaultProxy("127.0.0.1", emulator.mqttPort).start().use { proxy ->
                emulator.mtlsClient(device) { port = proxy.port }.use { mqtt ->
                    mqtt.connect()
                    val options = StreamsClientOptions(blockTimeout = 5.seconds)
                    val streams = StreamsClient(mqtt, device.thingName, "ota-20mb", options)
                    val target = dir.resolve("cut.bin")
                    val heap = HeapWatch()
                    var cut = false
                    var liveAtHalf = 0L
                    val started = TimeSource.Monotonic.markNow()
                    var last: DownloadProgress? = null
                    streams.download(FileDownload(0, target, size.toLong(), FileVerifier.sha256(digest))).collect { p ->
                        last = p
                        if (!cut && p.receivedBytes >= size / 2) {
                            cut = true
                            liveAtHalf = heap.liveGrowth()
                            proxy.cutAll()
                        }
                    }
                    val elapsed = started.elapsedNow()
                    val done = checkNotNull(last)
                    done.state shouldBe DownloadState.COMPLETED
                    Files.size(target) shouldBe size.toLong()
                    val served = emulator.streams.blocksServed("ota-20mb")
                    val rate = "%.1f".format(size / 1e6 / elapsed.inWholeMilliseconds * 1000)
                    println(
                        "[streams] 20 MiB over mTLS with one cut: $rate MB/s ($elapsed), blocks ${done.totalBlocks} " +
                            "of ${options.blockSize} B, requested ${done.requestedBlocks}, " +
                            "re-requested ${done.reRequestedBlocks}, served by the emulator $served, " +
                            "live heap growth at half way ${liveAtHalf / 1024} KiB, " +
                            "heap peak ${heap.peak() / (1024 * 1024)} MiB",
                    )
                    // at most one GetStream answer (128 KiB = 4 blocks) is in flight when the connection is cut
                    done.reRequestedBlocks shouldBeLessThanOrEqual 4L
                    (served - done.totalBlocks) shouldBeLessThanOrEqual 8L
                    // half the file received: a downloader that held it would retain 10 MiB
                    liveAtHalf shouldBeLessThan 4L * 1024 * 1024
                }
            }
        }

        test("a stopped download resumes from its sidecar and asks for no block it has") {
            val device = emulator.registerThing("restart-device")
            val target = dir.resolve("restart.bin")
            val download = FileDownload(0, target, size.toLong(), FileVerifier.sha256(digest))
            val options64k = StreamsClientOptions(blockSize = 64 * 1024)
            emulator.mtlsClient(device).use { mqtt ->
                mqtt.connect()
                val streams = StreamsClient(mqtt, device.thingName, "ota-20mb", options64k)
                // the first run stops (as a killed process would) once 40 % is on disk
                streams.download(download).takeWhile { it.receivedBytes < size * 4L / 10 }.collect()
                Files.exists(download.sidecar) shouldBe true
            }
            emulator.mtlsClient(device).use { mqtt ->
                mqtt.connect()
                val streams = StreamsClient(mqtt, device.thingName, "ota-20mb", options64k)
                val start = streams.download(download).first()
                start.resumedBlocks shouldBeGreaterThan 0
                var last: DownloadProgress? = null
                streams.download(download).onEach { last = it }.collect()
                val done = checkNotNull(last)
                println(
                    "[streams] restart: resumed ${done.resumedBlocks} of ${done.totalBlocks} blocks, " +
                        "requested ${done.requestedBlocks}",
                )
                done.state shouldBe DownloadState.COMPLETED
                done.requestedBlocks shouldBe (done.totalBlocks - done.resumedBlocks).toLong()
                Files.readAllBytes(target).contentEquals(bytes) shouldBe true
            }
        }
    })

/** Heap figures: live growth (after a full GC) since creation, and the pools' peak since creation. */
private class HeapWatch {
    private val memory = ManagementFactory.getMemoryMXBean()
    private val pools = ManagementFactory.getMemoryPoolMXBeans().filter { it.type == MemoryType.HEAP }
    private val baseline: Long

    init {
        System.gc()
        baseline = memory.heapMemoryUsage.used
        pools.forEach { it.resetPeakUsage() }
    }

    fun liveGrowth(): Long {
        System.gc()
        return memory.heapMemoryUsage.used - baseline
    }

    fun peak(): Long = pools.sumOf { it.peakUsage.used }
}
