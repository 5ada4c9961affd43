package dev.iotsdk.core.it.durable

import dev.iotsdk.core.DurableQueue
import dev.iotsdk.core.DurableQueueLockedException
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.MqttVersion
import dev.iotsdk.core.OfflineQueueFullException
import dev.iotsdk.core.OverflowPolicy
import dev.iotsdk.core.Qos
import dev.iotsdk.core.Subscription
import dev.iotsdk.core.it.tcpClient
import dev.iotsdk.emulator.mosquitto.MosquittoBroker
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.withTimeout
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardOpenOption
import kotlin.time.Duration.Companion.seconds

class DurableQueueTest :
    FunSpec({
        val broker = MosquittoBroker.start()
        afterSpec { broker.close() }

        fun device(dir: Path, block: DurableQueue.() -> DurableQueue = { this }) =
            broker.tcpClient("durable-device-${dir.fileName}") { durableQueue = DurableQueue(dir).block() }

        test("publishes stored while never connected are delivered, in order, by the next client on the directory") {
            val dir = Files.createTempDirectory("durable-offline")
            device(dir).use { offline ->
                (1..50).forEach { offline.publish(MqttMessage.text("durable/offline", "$it")).reasonCode shouldBe null }
                offline.statistics().incompleteOperationCount shouldBe 50
            }
            broker.tcpClient("durable-offline-sub") { mqttVersion = MqttVersion.MQTT_3_1_1 }.use { sub ->
                sub.connect()
                sub.openSubscription(Subscription("durable/offline", Qos.AT_LEAST_ONCE)).use { messages ->
                    device(dir).use { online ->
                        online.connect()
                        withTimeout(20.seconds) {
                            messages.messages.take(50).toList().map { it.payloadAsString() } shouldBe
                                (1..50).map { "$it" }
                        }
                    }
                }
            }
        }

        test("a second client on the directory is a typed error until the first one closes") {
            val dir = Files.createTempDirectory("durable-lock")
            device(dir).use {
                shouldThrow<DurableQueueLockedException> { device(dir) }
            }
            device(dir).close()
        }

        test("a torn tail is counted in the statistics, not a startup failure") {
            val dir = Files.createTempDirectory("durable-torn")
            device(dir).use { it.publish(MqttMessage.text("durable/torn", "whole")) }
            val segment = Files.list(dir).use { s ->
                s.iterator().asSequence().first { it.toString().endsWith(".seg") }
            }
            // a crash in the middle of writing a record's header
            Files.write(segment, byteArrayOf(0, 0, 1), StandardOpenOption.APPEND)
            device(dir).use {
                it.statistics().durableRecordsSkipped shouldBe 1
                it.statistics().incompleteOperationCount shouldBe 1
            }
        }

        test("overflow through the client: drop-newest refuses, drop-oldest counts what it dropped") {
            device(Files.createTempDirectory("durable-newest")) {
                DurableQueue(directory, maxMessages = 2, overflow = OverflowPolicy.DROP_NEWEST)
            }.use { client ->
                repeat(2) { client.publish(MqttMessage.text("durable/full", "$it")) }
                shouldThrow<OfflineQueueFullException> { client.publish(MqttMessage.text("durable/full", "x")) }
                client.statistics().droppedByOverflow shouldBe 1
            }
            device(Files.createTempDirectory("durable-oldest")) { DurableQueue(directory, maxMessages = 2) }
                .use { client ->
                    repeat(5) { client.publish(MqttMessage.text("durable/full", "$it")) }
                    client.statistics().droppedByOverflow shouldBe 3
                    client.statistics().incompleteOperationCount shouldBe 2
                }
        }
    })
