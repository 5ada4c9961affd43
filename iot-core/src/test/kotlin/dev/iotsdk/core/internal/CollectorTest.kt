package dev.iotsdk.core.internal

import dev.iotsdk.core.IncomingOverflow
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.Qos
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.shouldBe
import io.mockk.mockk
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import java.util.Collections

/**
 * A subscription's buffer and its consumer (a pure unit: the end-to-end proofs of its flow control are
 * `IncomingFlowControlTest`, `SlowConnectionOverflowTest` and `QosZeroBurstTest`, against real brokers).
 */
class CollectorTest :
    FunSpec({
        fun collector() = Collector(listOf("t/#"), 16, 1L shl 20, IncomingOverflow.DROP_QOS0, mockk(relaxed = true))

        fun message(i: Int) = MqttMessage("t/$i", byteArrayOf(i.toByte()), Qos.AT_MOST_ONCE)

        fun Collector.messages() = flow { emitAllTo(this) }

        test("what was buffered before the consumer came is emitted in order, then the end after close") {
            val c = collector()
            (1..3).forEach { c.tryTake(message(it)) shouldBe true }
            c.close(null)
            c.tryTake(message(4)) shouldBe true // closed: nobody needs it, nothing buffered
            c.messages().toList().map { it.topic } shouldContainExactly listOf("t/1", "t/2", "t/3")
        }

        test("closed with a cause: the consumer gets what was buffered, then the cause") {
            val c = collector()
            c.tryTake(message(1))
            c.close(IllegalStateException("refused on restore"))
            c.close(null) // the first cause stays
            val seen = mutableListOf<String>()
            val error = shouldThrow<IllegalStateException> { c.messages().collect { seen += it.topic } }
            error.message shouldBe "refused on restore"
            seen shouldContainExactly listOf("t/1")
        }

        test("a waiting consumer is woken by a message from another thread, and by close") {
            val c = collector()
            withTimeout(10_000) {
                coroutineScope {
                    val got = async(Dispatchers.Default) { c.messages().toList().map { it.topic } }
                    // the consumer is suspended (nothing is buffered) or about to be: either way it must get both
                    Thread { (1..2).forEach { c.tryTake(message(it)) } }.apply { start() }.join()
                    launch(Dispatchers.Default) { c.close(null) }
                    got.await() shouldContainExactly listOf("t/1", "t/2")
                }
            }
        }

        test("consumers collecting at once share the messages: each goes to one, none is left waiting") {
            val c = collector()
            val seen = Collections.synchronizedList(mutableListOf<String>())
            val ready = CompletableDeferred<Unit>()
            withTimeout(20_000) {
                coroutineScope {
                    val consumers = (1..3).map {
                        launch(Dispatchers.Default) {
                            ready.complete(Unit)
                            c.messages().collect { seen += it.topic }
                        }
                    }
                    ready.await()
                    val producer = Thread { (1..3_000).forEach { i -> c.tryTake(message(i)) } }.apply { start() }
                    withContext(Dispatchers.IO) { producer.join() }
                    while (seen.size < 3_000) withContext(Dispatchers.IO) { Thread.onSpinWait() }
                    c.close(null)
                    consumers.forEach { it.join() }
                }
            }
            seen shouldContainExactlyInAnyOrder (1..3_000).map { "t/$it" }
        }

        test("a consumer that gave up while waiting does not swallow the next message meant for another") {
            val c = collector()
            withTimeout(10_000) {
                // the first consumer waits, then is cancelled (a timeout around first(), say)
                val first = launch(Dispatchers.Default) { c.messages().collect { } }
                while (c.waiters() < 1) withContext(Dispatchers.IO) { Thread.onSpinWait() }
                first.cancel()
                first.join()
                // undispatched: waiting (and having dropped the cancelled one) when async returns
                val second = async(Dispatchers.Default, start = CoroutineStart.UNDISPATCHED) {
                    c.messages().take(1).toList()
                }
                c.waiters() shouldBe 1
                c.tryTake(message(1))
                second.await().single().topic shouldBe "t/1"
            }
        }

        test("a consumer that keeps giving up on an idle subscription leaves at most one waiter behind") {
            val c = collector()
            withTimeout(10_000) {
                // a poll with a timeout, 1,000 times, and no message ever comes
                repeat(1_000) {
                    val poll = launch(Dispatchers.Default, start = CoroutineStart.UNDISPATCHED) {
                        c.messages().collect { }
                    }
                    poll.cancel()
                    poll.join()
                }
                c.waiters() shouldBe 1
                c.tryTake(message(1)) shouldBe true
            }
        }
    })
