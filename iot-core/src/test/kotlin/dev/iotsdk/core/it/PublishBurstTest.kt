package dev.iotsdk.core.it

import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.OfflineQueueFullException
import dev.iotsdk.core.OfflineQueuePolicy
import dev.iotsdk.core.Qos
import dev.iotsdk.emulator.mosquitto.MosquittoBroker
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope

/** Issue 19 item 5: a burst beyond the in-flight window waits for room on a healthy connection instead of failing. */
class PublishBurstTest :
    FunSpec({
        val broker = MosquittoBroker.start()
        afterSpec { broker.close() }

        fun client(id: String, queue: OfflineQueuePolicy = OfflineQueuePolicy()) =
            broker.tcpClient(id) { offlineQueue = queue }

        test("5,000 publishes launched at once on a connected client all succeed") {
            client("burst").use { c ->
                c.connect()
                val results = coroutineScope {
                    (0 until 5_000).map { i ->
                        async { runCatching { c.publish(MqttMessage.text("burst/t", "m$i", Qos.AT_LEAST_ONCE)) } }
                    }.awaitAll()
                }
                results.count { it.isFailure } shouldBe 0
                c.statistics().droppedByOverflow shouldBe 0L
            }
        }

        test("dropping while connected stays available as an explicit choice") {
            client("burst-drop", OfflineQueuePolicy(capacity = 100, boundWhileConnected = true)).use { c ->
                c.connect()
                val results = coroutineScope {
                    (0 until 2_000).map { i ->
                        async { runCatching { c.publish(MqttMessage.text("burst/d", "m$i", Qos.AT_LEAST_ONCE)) } }
                    }.awaitAll()
                }
                val dropped = results.count { it.exceptionOrNull() is OfflineQueueFullException }
                dropped shouldBeGreaterThan 0
                c.statistics().droppedByOverflow shouldBe dropped.toLong()
            }
        }
    })
