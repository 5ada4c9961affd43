package dev.iotsdk.core

import dev.iotsdk.core.testing.FakeIotMqttClient
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CompletableDeferred
import java.util.concurrent.CancellationException
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit
import java.util.function.Consumer

/** What closing an [IotMqttClientJava] (or its Kotlin client) does to its futures, callbacks and thread. */
class IotMqttClientJavaCloseTest :
    FunSpec({
        test("closing the view cancels pending futures with CancellationException") {
            val fake = FakeIotMqttClient()
            fake.connectGate = CompletableDeferred()
            val view = fake.asJava { it.run() }
            val pending = view.connect()
            pending.isDone shouldBe false
            view.close()
            shouldThrow<CancellationException> { pending.get(5, TimeUnit.SECONDS) }
            pending.isCancelled shouldBe true
            // the view's scope is gone: later calls are cancelled at once, the publish fast path included
            val later = view.publish("t", byteArrayOf())
            shouldThrow<CancellationException> { later.get(5, TimeUnit.SECONDS) }
            later.isCancelled shouldBe true
            fake.published shouldBe emptyList()
        }

        test("closing the Kotlin client closes the view") {
            val fake = FakeIotMqttClient()
            fake.connectGate = CompletableDeferred()
            val view = fake.asJava { it.run() }
            val pending = view.connect()
            fake.close()
            shouldThrow<CancellationException> { pending.get(5, TimeUnit.SECONDS) }
        }

        test("closing the Kotlin client stops the view's own callback thread and its subscriptions") {
            val fake = FakeIotMqttClient()
            val view = fake.asJava(null)
            val threads = LinkedBlockingQueue<Thread>()
            view.subscribe("d/1", Consumer { threads += Thread.currentThread() })
            fake.awaitSubscribed("d/1", 5_000) shouldBe true
            fake.deliver("d/1", "x")
            val thread = threads.poll(5, TimeUnit.SECONDS)!!
            fake.close()
            thread.join(10_000)
            thread.isAlive shouldBe false
            fake.awaitUnsubscribed("d/1", 5_000) shouldBe true
        }
    })
