package dev.iotsdk.core.it

import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.Qos
import dev.iotsdk.emulator.mosquitto.MosquittoBroker
import dev.iotsdk.emulator.mosquitto.MosquittoConfig
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.future.await
import kotlinx.coroutines.launch
import kotlinx.coroutines.sync.Semaphore
import kotlinx.coroutines.withTimeout
import java.nio.ByteBuffer
import java.util.BitSet
import kotlin.time.Duration.Companion.seconds

/**
 * Issue 23: a burst of 100,000 small QoS 0 messages to one subscription, collected the way applications collect
 * (a Java-view `Consumer` on the view's default executor, a Kotlin collector on `Dispatchers.Default`), loses none
 * with the default settings: the subscription's buffer is sized in bytes, not in messages. The broker grants AWS
 * IoT's in-flight window (100) and queues without limit, so a message that does not arrive was lost in the client.
 */
class QosZeroBurstTest :
    FunSpec({
        val broker = MosquittoBroker.start(
            MosquittoConfig(tls = false, maxInflightMessages = 100, maxQueuedMessages = 0),
        )
        afterSpec { broker.close() }

        val count = 100_000
        val window = 1_000
        val payloadBytes = 256

        fun message(topic: String, i: Int): MqttMessage {
            val payload = ByteArray(payloadBytes) { it.toByte() }
            ByteBuffer.wrap(payload).putInt(i)
            return MqttMessage(topic, payload, Qos.AT_MOST_ONCE)
        }

        /** Publishes the burst from [publisher], at most [window] sends outstanding (as the benchmark's qos0-e2e). */
        suspend fun burst(publisher: IotMqttClient, topic: String) = coroutineScope {
            val permits = Semaphore(window)
            repeat(count) { i ->
                permits.acquire()
                launch(start = CoroutineStart.UNDISPATCHED) {
                    try {
                        publisher.publish(message(topic, i))
                    } finally {
                        permits.release()
                    }
                }
            }
        }

        /** Records each sequence number once; completes [done] when every one of [count] arrived. */
        class Tally {
            val seen = BitSet(count)
            var received = 0
            var distinct = 0
            val done = CompletableDeferred<Unit>()

            @Synchronized
            fun add(m: MqttMessage) {
                val i = ByteBuffer.wrap(m.payload).int
                received++
                if (!seen[i]) {
                    seen.set(i)
                    distinct++
                }
                if (distinct == count) done.complete(Unit)
            }

            @Synchronized
            fun describe() = "received $received, distinct $distinct of $count"
        }

        suspend fun awaitAll(tally: Tally) {
            try {
                withTimeout(30.seconds) { tally.done.await() }
            } catch (e: TimeoutCancellationException) {
                throw AssertionError("QoS 0 burst incomplete: ${tally.describe()}", e)
            }
        }

        test("a Java-view Consumer on the default executor receives all 100,000 QoS 0 messages of a burst") {
            broker.tcpClient("burst0-java-sub").asJava().use { receiver ->
                broker.tcpClient("burst0-java-pub").use { publisher ->
                    receiver.connect().await()
                    publisher.connect()
                    val tally = Tally()
                    val sub = receiver.openSubscription("burst0/java", Qos.AT_MOST_ONCE, { tally.add(it) }, null)
                        .await()
                    burst(publisher, "burst0/java")
                    awaitAll(tally)
                    tally.received shouldBe count
                    sub.droppedMessages shouldBe 0L
                    receiver.statistics.droppedIncoming shouldBe 0L
                    sub.close()
                }
            }
        }

        test("a Kotlin collector on Dispatchers.Default receives all 100,000 QoS 0 messages of a burst") {
            broker.tcpClient("burst0-kotlin-sub").use { receiver ->
                broker.tcpClient("burst0-kotlin-pub").use { publisher ->
                    receiver.connect()
                    publisher.connect()
                    val tally = Tally()
                    val sub = receiver.openSubscription("burst0/kotlin", Qos.AT_MOST_ONCE)
                    coroutineScope {
                        val collecting = launch(Dispatchers.Default) { sub.messages.collect { tally.add(it) } }
                        burst(publisher, "burst0/kotlin")
                        awaitAll(tally)
                        collecting.cancel()
                    }
                    tally.received shouldBe count
                    sub.droppedMessages shouldBe 0L
                    receiver.statistics().droppedIncoming shouldBe 0L
                    sub.close()
                }
            }
        }
    })
