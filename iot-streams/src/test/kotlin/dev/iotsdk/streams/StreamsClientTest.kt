package dev.iotsdk.streams

import dev.iotsdk.emulator.streams.EmulatedStreamFile
import dev.iotsdk.test.IotEmulatorExtension
import dev.iotsdk.test.mtlsClient
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldNotContain
import kotlinx.coroutines.flow.toList
import java.nio.file.Files
import kotlin.random.Random
import kotlin.time.Duration.Companion.seconds

class StreamsClientTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())
        val fast = 2.seconds
        val firmware = Random(7).nextBytes(3000)
        val config = Random(8).nextBytes(300)
        emulator.streams.createStream(
            "fw-stream",
            listOf(EmulatedStreamFile.ofBytes(0, firmware), EmulatedStreamFile.ofBytes(3, config)),
            "firmware and config",
        )

        for (format in StreamFormat.entries) {
            test("$format: describe lists the files, getBlocks returns exactly the blocks asked for") {
                val device = emulator.registerThing("streams-$format")
                emulator.mtlsClient(device).use { mqtt ->
                    mqtt.connect()
                    val streams =
                        StreamsClient(
                            mqtt,
                            device.thingName,
                            "fw-stream",
                            StreamsClientOptions(format, blockTimeout = fast),
                        )
                    val description = streams.describe()
                    description.streamVersion shouldBe 1
                    description.description shouldBe "firmware and config"
                    description.files.map { it.fileId to it.size } shouldBe listOf(0 to 3000L, 3 to 300L)

                    val blocks = streams.getBlocks(
                        GetBlocksRequest(0, 1024, offset = 0, count = 3, clientToken = "t1"),
                        3000,
                    )
                        .toList()
                    blocks.map { it.blockId } shouldBe listOf(0, 1, 2)
                    blocks.map { it.clientToken }.toSet() shouldBe setOf("t1")
                    blocks.fold(ByteArray(0)) { acc, b -> acc + b.data } shouldBe firmware

                    // AWS's bitmap example: blocks 20, 21, 24, 43 of 256-byte blocks -> "0x130080" from offset 20
                    val big = GetBlocksRequest.forBlocks(0, 256, listOf(1, 2, 5, 11))
                    val picked = streams.getBlocks(big, 3000).toList()
                    picked.map { it.blockId }.sorted() shouldBe listOf(1, 2, 5, 11)
                    picked.single { it.blockId == 11 }.data shouldBe firmware.copyOfRange(11 * 256, 3000)
                }
            }
        }

        test("rejections arrive as StreamRejectedException with AWS's error codes") {
            val device = emulator.registerThing("streams-rejections")
            emulator.mtlsClient(device).use { mqtt ->
                mqtt.connect()
                val missing =
                    StreamsClient(
                        mqtt,
                        device.thingName,
                        "no-such-stream",
                        StreamsClientOptions(format = StreamFormat.JSON),
                    )
                shouldThrow<StreamRejectedException> { missing.describe() }.errorCode shouldBe "ResourceNotFound"
                val streams =
                    StreamsClient(mqtt, device.thingName, "fw-stream", StreamsClientOptions(blockTimeout = fast))
                val version = shouldThrow<StreamRejectedException> {
                    streams.getBlocks(GetBlocksRequest(0, 1024, count = 1, streamVersion = 9, clientToken = "v9"), 3000)
                        .toList()
                }
                version.errorCode shouldBe "VersionMismatch"
                version.requestId shouldBe "v9"
                shouldThrow<StreamRejectedException> {
                    streams.getBlocks(GetBlocksRequest(7, 1024, count = 1), 3000).toList()
                }.errorCode shouldBe "ResourceNotFound"
            }
        }

        test("bad arguments are refused before anything is sent, with AWS's limits in the message") {
            shouldThrow<IllegalArgumentException> { GetBlocksRequest(0, 255) }.message shouldBe
                "blockSize must be 256-131072 bytes, not 255"
            shouldThrow<IllegalArgumentException> { GetBlocksRequest(0, 1024, offset = 98_305) }
            shouldThrow<IllegalArgumentException> { GetBlocksRequest(0, 1024, clientToken = "x".repeat(65)) }
            shouldThrow<IllegalArgumentException> { GetBlocksRequest.forBlocks(0, 256, listOf(0, 98_303)) }
            val e = shouldThrow<IllegalArgumentException> { FileDownload(256, Files.createTempFile("fw", ".bin")) }
            e.message shouldNotContain "null"
        }

        test("a download is verified; a file failing its SHA-256 check is deleted with its sidecar") {
            val device = emulator.registerThing("streams-verify")
            val dir = Files.createTempDirectory("streams-verify")
            emulator.mtlsClient(device).use { mqtt ->
                mqtt.connect()
                val streams = StreamsClient(mqtt, device.thingName, "fw-stream", StreamsClientOptions(blockSize = 1024))
                val good = FileDownload(0, dir.resolve("fw.bin"), verifier = FileVerifier.sha256(sha256(firmware)))
                val done = streams.downloadTo(good)
                done.state shouldBe DownloadState.COMPLETED
                Files.readAllBytes(good.target) shouldBe firmware
                Files.exists(good.sidecar) shouldBe false

                val bad =
                    FileDownload(
                        3,
                        dir.resolve("cfg.bin"),
                        fileSize = 300,
                        verifier = FileVerifier.sha256("00".repeat(32)),
                    )
                shouldThrow<StreamVerificationException> { streams.downloadTo(bad) }
                Files.exists(bad.target) shouldBe false
                Files.exists(bad.sidecar) shouldBe false
            }
        }

        test("a download whose blocks never come fails as retryable, keeping what it has") {
            val device = emulator.registerThing("streams-timeout")
            val dir = Files.createTempDirectory("streams-timeout")
            emulator.mtlsClient(device).use { mqtt ->
                mqtt.connect()
                val options = StreamsClientOptions(blockSize = 1024, blockTimeout = 0.2.seconds, maxAttempts = 2)
                // the job document claims a bigger file than the stream holds: the blocks past its end never come
                val streams = StreamsClient(mqtt, device.thingName, "fw-stream", options)
                val e =
                    shouldThrow<StreamDownloadException> {
                        streams.downloadTo(FileDownload(0, dir.resolve("x.bin"), 5000))
                    }
                e.isRetryable shouldBe true
                Files.exists(dir.resolve("x.bin.blocks")) shouldBe true
            }
        }
    })

internal fun sha256(bytes: ByteArray): String =
    java.security.MessageDigest.getInstance("SHA-256").digest(bytes).joinToString("") { "%02x".format(it) }
