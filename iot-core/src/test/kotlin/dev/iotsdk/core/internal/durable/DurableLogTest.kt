package dev.iotsdk.core.internal.durable

import dev.iotsdk.core.DurableQueue
import dev.iotsdk.core.DurableQueueLockedException
import dev.iotsdk.core.MessageProperties
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.OfflineQueueFullException
import dev.iotsdk.core.OverflowPolicy
import dev.iotsdk.core.PayloadFormat
import dev.iotsdk.core.UserProperty
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveAtMostSize
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardOpenOption
import kotlin.time.Duration.Companion.seconds

class DurableLogTest :
    FunSpec({
        fun dir(): Path = Files.createTempDirectory("durable-log")

        fun message(i: Int) = MqttMessage.text("t/${i % 3}", "message $i")

        /** The payloads of every undelivered record, oldest first. */
        fun DurableLog.payloads(): List<String> =
            generateSequence(next(-1)) { next(it.seq) }.map { read(it)!!.payloadAsString() }.toList()

        /** A directory holding messages 1 to 3, closed. */
        fun threeRecords(): Path = dir().also { d ->
            DurableLog.open(DurableQueue(d)).apply {
                (1..3).forEach { append(message(it)) }
                close()
            }
        }

        fun segmentFiles(d: Path): List<Path> =
            Files.list(d).use { s -> s.iterator().asSequence().filter { it.toString().endsWith(".seg") }.toList() }

        test("records survive closing and reopening, with every message field") {
            val d = dir()
            val props = MessageProperties(
                messageExpiry = 30.seconds,
                contentType = "application/json",
                payloadFormat = PayloadFormat.UTF_8,
                responseTopic = "r/1",
                correlationData = byteArrayOf(1, 2, 3),
                userProperties = listOf(UserProperty("k", "v")),
            )
            DurableLog.open(DurableQueue(d)).apply {
                append(MqttMessage("a/b", byteArrayOf(9, 8), retain = true, properties = props))
                append(message(1))
                close()
            }
            val log = DurableLog.open(DurableQueue(d))
            val first = log.read(log.next(-1)!!)!!
            first.topic shouldBe "a/b"
            first.payload.toList() shouldBe listOf<Byte>(9, 8)
            first.retain shouldBe true
            first.properties.messageExpiry shouldBe 30.seconds
            first.properties.contentType shouldBe "application/json"
            first.properties.payloadFormat shouldBe PayloadFormat.UTF_8
            first.properties.responseTopic shouldBe "r/1"
            first.properties.correlationData!!.toList() shouldBe listOf<Byte>(1, 2, 3)
            first.properties.userProperties.single().value shouldBe "v"
            log.size shouldBe 2
            log.skipped shouldBe 0
            log.close()
        }

        test("a tail torn at every byte of the last record is skipped and counted, never a failure") {
            val template = threeRecords()
            val segment = segmentFiles(template).single()
            val whole = Files.readAllBytes(segment)
            val lastStart = whole.size - RecordCodec.encode(0, message(3)).remaining()
            for (cut in lastStart until whole.size) {
                val d = dir()
                Files.write(d.resolve(segment.fileName), whole.copyOf(cut))
                val log = DurableLog.open(DurableQueue(d))
                log.payloads() shouldBe listOf("message 1", "message 2")
                log.skipped shouldBe (if (cut == lastStart) 0L else 1L)
                // the queue goes on: a new record is kept after the skipped tail
                log.append(message(4))
                log.close()
                DurableLog.open(DurableQueue(d)).apply {
                    payloads() shouldBe listOf("message 1", "message 2", "message 4")
                    skipped shouldBe 0
                    close()
                }
            }
        }

        test("a corrupt byte in the last record fails its CRC and is skipped") {
            val d = threeRecords()
            val segment = segmentFiles(d).single()
            val bytes = Files.readAllBytes(segment)
            bytes[bytes.size - 2] = (bytes[bytes.size - 2] + 1).toByte()
            Files.write(segment, bytes, StandardOpenOption.TRUNCATE_EXISTING)
            DurableLog.open(DurableQueue(d)).apply {
                payloads() shouldBe listOf("message 1", "message 2")
                skipped shouldBe 1
                close()
            }
        }

        test("delivered records are not sent again after a restart, and their segment files are deleted") {
            val d = dir()
            val big = MqttMessage("big", ByteArray(100_000))
            DurableLog.open(DurableQueue(d)).apply {
                val seqs = (1..40).map { append(big) }
                segmentFiles(d).size shouldBe 4
                seqs.take(39).forEach(::ack)
                segmentFiles(d) shouldHaveAtMostSize 2
                append(message(7))
                close()
            }
            DurableLog.open(DurableQueue(d)).apply {
                size shouldBe 2
                read(next(-1)!!)!!.topic shouldBe "big"
                close()
            }
        }

        test("a second open of a locked directory is a typed error; the lock is released by close") {
            val d = dir()
            val first = DurableLog.open(DurableQueue(d))
            shouldThrow<DurableQueueLockedException> { DurableLog.open(DurableQueue(d)) }.directory shouldBe
                d.toString()
            first.close()
            DurableLog.open(DurableQueue(d)).close()
        }

        test("count bound: drop-newest refuses the new publish, drop-oldest drops the oldest") {
            val newest = DurableLog.open(DurableQueue(dir(), maxMessages = 3, overflow = OverflowPolicy.DROP_NEWEST))
            (1..3).forEach { newest.append(message(it)) }
            shouldThrow<OfflineQueueFullException> { newest.append(message(4)) }
            newest.payloads() shouldBe listOf("message 1", "message 2", "message 3")
            newest.dropped shouldBe 1
            newest.close()

            val d = dir()
            val oldest = DurableLog.open(DurableQueue(d, maxMessages = 3, overflow = OverflowPolicy.DROP_OLDEST))
            (1..5).forEach { oldest.append(message(it)) }
            oldest.payloads() shouldBe listOf("message 3", "message 4", "message 5")
            oldest.dropped shouldBe 2
            oldest.close()
            // the dropped ones stay dropped after a restart
            DurableLog.open(DurableQueue(d)).apply {
                payloads() shouldBe listOf("message 3", "message 4", "message 5")
                close()
            }
        }

        test("byte bound: records are dropped or refused by their stored size") {
            val record = RecordCodec.encode(0, message(1)).remaining().toLong()
            val oldest = DurableLog.open(DurableQueue(dir(), maxBytes = record * 2 + 1))
            (1..4).forEach { oldest.append(message(it)) }
            oldest.payloads() shouldBe listOf("message 3", "message 4")
            oldest.bytes shouldBe record * 2
            // one record larger than the whole bound is refused even under drop-oldest
            shouldThrow<OfflineQueueFullException> { oldest.append(MqttMessage("t", ByteArray(100))) }
            oldest.payloads() shouldBe listOf("message 3", "message 4")
            oldest.close()

            val newest = DurableLog.open(
                DurableQueue(dir(), maxBytes = record * 2 + 1, overflow = OverflowPolicy.DROP_NEWEST),
            )
            (1..2).forEach { newest.append(message(it)) }
            shouldThrow<OfflineQueueFullException> { newest.append(message(3)) }
            newest.payloads() shouldBe listOf("message 1", "message 2")
            newest.close()
        }
    })
