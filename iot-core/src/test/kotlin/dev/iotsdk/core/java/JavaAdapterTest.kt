package dev.iotsdk.core.java

import dev.iotsdk.core.testing.FakeIotMqttClient
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.MutableSharedFlow
import kotlinx.coroutines.flow.first
import java.util.concurrent.CancellationException
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.function.Consumer

class JavaAdapterTest :
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
            // the view's scope is gone: later calls are cancelled at once
            val later = view.publish("t", byteArrayOf())
            shouldThrow<CancellationException> { later.get(5, TimeUnit.SECONDS) }
            later.isCancelled shouldBe true
        }

        test("closing the Kotlin client closes the view") {
            val fake = FakeIotMqttClient()
            fake.connectGate = CompletableDeferred()
            val view = fake.asJava { it.run() }
            val pending = view.connect()
            fake.close()
            shouldThrow<CancellationException> { pending.get(5, TimeUnit.SECONDS) }
        }

        test("cancelling a future cancels its coroutine; cancelling the scope stops collections") {
            val job = SupervisorJob()
            val adapter = JavaAdapter(CoroutineScope(job), Runnable::run)
            val cancelled = CompletableDeferred<Unit>()
            val started = CompletableDeferred<Unit>()
            val future = adapter.future {
                try {
                    started.complete(Unit)
                    awaitCancellation()
                } finally {
                    cancelled.complete(Unit)
                }
            }
            kotlinx.coroutines.withTimeout(10_000) { started.await() }
            future.cancel(true)
            kotlinx.coroutines.withTimeout(10_000) { cancelled.join() }

            val flow = MutableSharedFlow<Int>(extraBufferCapacity = 8)
            val seen = CopyOnWriteArrayList<Int>()
            val delivered = CompletableDeferred<Unit>()
            adapter.collect(
                flow,
                Consumer {
                    seen += it
                    delivered.complete(Unit)
                },
                null,
            )
            kotlinx.coroutines.withTimeout(10_000) { flow.subscriptionCount.first { it > 0 } }
            flow.emit(1)
            kotlinx.coroutines.withTimeout(10_000) { delivered.await() }
            job.children.count() shouldBe 1
            CoroutineScope(job).cancel()
            (job as Job).join()
            flow.tryEmit(2)
            seen shouldBe listOf(1)
        }

        test("every callback runs on the executor, in order: items emitted before the first suspension and after it") {
            val executor = Executors.newSingleThreadExecutor { r ->
                Thread(r, "java-view-callbacks")
            }
            try {
                val adapter = JavaAdapter(CoroutineScope(SupervisorJob()), executor)
                val hot = MutableSharedFlow<Int>(extraBufferCapacity = 64)
                // 1..3 are emitted on the caller's thread before the collection first suspends; 4..103 arrive later
                val flow = kotlinx.coroutines.flow.flow {
                    emit(1)
                    emit(2)
                    emit(3)
                    hot.collect { emit(it) }
                }
                val seen = CopyOnWriteArrayList<Pair<Int, String>>()
                val all = CompletableDeferred<Unit>()
                val closeable = adapter.collect(
                    flow,
                    Consumer {
                        seen += it to Thread.currentThread().name.substringBefore(" @")
                        if (it == 103) all.complete(Unit)
                    },
                    null,
                )
                kotlinx.coroutines.withTimeout(10_000) { hot.subscriptionCount.first { it > 0 } }
                for (i in 4..103) hot.emit(i)
                kotlinx.coroutines.withTimeout(10_000) { all.await() }
                closeable.close()
                seen.map { it.first } shouldBe (1..103).toList()
                seen.map { it.second }.toSet() shouldBe setOf("java-view-callbacks")
            } finally {
                executor.shutdownNow()
            }
        }

        test("a flow that fails before its first suspension reports to onError on the executor") {
            val executor = Executors.newSingleThreadExecutor { r -> Thread(r, "java-view-errors") }
            try {
                val adapter = JavaAdapter(CoroutineScope(SupervisorJob()), executor)
                val reported = CompletableDeferred<Pair<Throwable, String>>()
                adapter.collect(
                    kotlinx.coroutines.flow.flow<Int> { throw IllegalStateException("broken") },
                    Consumer { },
                    Consumer { reported.complete(it to Thread.currentThread().name.substringBefore(" @")) },
                )
                val (error, thread) = kotlinx.coroutines.withTimeout(10_000) { reported.await() }
                error.message shouldBe "broken"
                thread shouldBe "java-view-errors"
            } finally {
                executor.shutdownNow()
            }
        }
    })
