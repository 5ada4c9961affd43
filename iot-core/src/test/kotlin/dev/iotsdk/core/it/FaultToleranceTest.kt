package dev.iotsdk.core.it

import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.OfflineQueueFullException
import dev.iotsdk.core.OfflineQueuePolicy
import dev.iotsdk.core.OverflowPolicy
import dev.iotsdk.core.Qos
import dev.iotsdk.emulator.IotEmulatorExtension
import dev.iotsdk.emulator.proxy.TcpFaultProxy
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.longs.shouldBeGreaterThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.filter
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import java.io.File
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration.Companion.seconds

class FaultToleranceTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())

        test("10,000 QoS 1 publishes across 50 forced disconnects arrive with no loss") {
            val total = 10_000
            val seen = ConcurrentHashMap<Int, Int>()
            val received = AtomicInteger()
            TcpFaultProxy("127.0.0.1", emulator.plainPort!!).start().use { proxy ->
                val subscriber = emulator.plainClient("noloss-sub")
                val publisher = emulator.plainClient("noloss-pub") {
                    port = proxy.port
                    offlineQueue = OfflineQueuePolicy(capacity = total)
                    operationTimeout = null
                }
                subscriber.use {
                    publisher.use {
                        subscriber.connect()
                        coroutineScope {
                            val ready = CompletableDeferred<Unit>()
                            val noloss = subscriber.openSubscription("noloss/+", Qos.AT_LEAST_ONCE)
                            val collector = launch {
                                noloss.messages.collect { m ->
                                    if (m.topic == "noloss/ready") {
                                        ready.complete(Unit)
                                    } else {
                                        seen.merge(m.payloadAsString().toInt(), 1, Int::plus)
                                        received.incrementAndGet()
                                    }
                                }
                            }
                            publisher.connect()
                            // the subscription is in place (SUBACK) before anything is published
                            publisher.publish(MqttMessage.text("noloss/ready", "r"))
                            kotlinx.coroutines.withTimeout(10.seconds) { ready.await() }
                            val cuts = launch {
                                repeat(50) {
                                    eventually(what = "a publisher connection to cut", detail = {
                                        "(publisher ${publisher.state.value}, ${publisher.statistics()})"
                                    }) {
                                        proxy.activeConnections >
                                            0
                                    }
                                    delay(15)
                                    proxy.cutAll()
                                }
                            }
                            withContext(Dispatchers.Default) {
                                (0 until total).chunked(total / 100).map { chunk ->
                                    async {
                                        chunk.forEach { publisher.publish(MqttMessage.text("noloss/data", "$it")) }
                                    }
                                }.awaitAll()
                            }
                            cuts.join()
                            eventually(60.seconds, "all $total messages", {
                                "(received ${seen.size} distinct, ${received.get()} in all; subscriber " +
                                    "${subscriber.statistics()}, " +
                                    "${subscriber.state.value}; missing e.g. ${(0 until total).filter {
                                        !seen.containsKey(it)
                                    }.take(10)})"
                            }) { seen.size == total }
                            collector.cancel()
                        }
                        // the last cut may come after every message was acknowledged: its reconnect can still be under
                        // way
                        eventually(what = "the publisher's reconnect after the last cut", detail = {
                            "(${proxy.acceptedConnections} accepted)"
                        }) {
                            proxy.acceptedConnections >= 51L
                        }
                        proxy.acceptedConnections shouldBeGreaterThanOrEqual 51L
                        seen.size shouldBe total
                        val duplicates = received.get() - total
                        println(
                            "no-loss test: $total distinct, $duplicates duplicates, ${proxy.acceptedConnections} " +
                                "connections",
                        )
                    }
                }
            }
        }

        test("a full offline queue with drop-oldest drops exactly the oldest and reports each") {
            val client = emulator.plainClient("overflow-pub") {
                offlineQueue = OfflineQueuePolicy(capacity = 5, overflow = OverflowPolicy.DROP_OLDEST)
            }
            val subscriber = emulator.plainClient("overflow-sub")
            subscriber.use {
                client.use {
                    subscriber.connect()
                    coroutineScope {
                        // in place (SUBACK) before the publisher connects
                        val overflow = subscriber.openSubscription("overflow/+")
                        val got = async { overflow.messages.filter { it.topic == "overflow/m" }.take(5).toList() }
                        // the publisher is not connected: 8 publishes wait in a queue of 5
                        val results = (1..8).map { i ->
                            async { runCatching { client.publish(MqttMessage.text("overflow/m", "$i")) } }
                        }
                        eventually(what = "3 drops") { client.statistics().droppedByOverflow == 3L }
                        client.connect()
                        val outcomes = results.awaitAll()
                        outcomes.take(3).forEach {
                            it.exceptionOrNull().shouldBeInstanceOf<OfflineQueueFullException>()
                        }
                        outcomes.drop(3).forEach { it.isSuccess shouldBe true }
                        got.await().map { it.payloadAsString() } shouldContainExactly listOf("4", "5", "6", "7", "8")
                    }
                }
            }
        }

        test("no thread, socket or heap growth after 1,000 connect/close cycles") {
            fun threads() = Thread.getAllStackTraces().keys.count { it.isAlive }
            fun openFiles() = File("/proc/self/fd").list()?.size ?: 0
            fun usedHeap(): Long {
                System.gc()
                val rt = Runtime.getRuntime()
                return rt.totalMemory() - rt.freeMemory()
            }
            // warm up shared event loops and class loading
            repeat(20) { i -> emulator.plainClient("cycle-warm-$i").use { it.connect() } }
            val threadsBefore = threads()
            val filesBefore = openFiles()
            val heapBefore = usedHeap()
            repeat(1_000) { i -> emulator.plainClient("cycle-$i").use { it.connect() } }
            eventually(30.seconds, "threads and sockets to settle", {
                "threads ${threads()}/$threadsBefore, fds ${openFiles()}/$filesBefore"
            }) {
                threads() <= threadsBefore + 8 && openFiles() <= filesBefore + 16
            }
            threads() shouldBeLessThanOrEqual threadsBefore + 8
            openFiles() shouldBeLessThanOrEqual filesBefore + 16
            // a leak of even 16 KiB per client would show as 16 MB here
            val heapGrowth = usedHeap() - heapBefore
            println(
                "1,000 cycles: threads $threadsBefore -> ${threads()}, fds $filesBefore -> ${openFiles()}, heap " +
                    "growth ${heapGrowth / 1024} KiB",
            )
            (heapGrowth < 16L * 1024 * 1024) shouldBe true
        }
    })
