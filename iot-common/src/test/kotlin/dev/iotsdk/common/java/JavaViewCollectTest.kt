@file:OptIn(InternalIotSdkApi::class)

package dev.iotsdk.common.java

import dev.iotsdk.common.InternalIotSdkApi
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.flow.MutableSharedFlow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.withTimeout
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.Executors
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit
import java.util.function.Consumer

/** [JavaView.collect]: where and in which order callbacks run, and where failures go. */
class JavaViewCollectTest :
    FunSpec({
        test("every callback runs on the executor, in order: items emitted before the first suspension and after it") {
            val executor = Executors.newSingleThreadExecutor { r -> Thread(r, "java-view-callbacks") }
            val view = JavaView("test-view", executor)
            try {
                val hot = MutableSharedFlow<Int>(extraBufferCapacity = 64)
                // 1..3 are emitted on the caller's thread before the collection first suspends; 4..103 arrive later
                val flow = flow {
                    emit(1)
                    emit(2)
                    emit(3)
                    hot.collect { emit(it) }
                }
                val seen = CopyOnWriteArrayList<Pair<Int, String>>()
                val all = CompletableDeferred<Unit>()
                val closeable = view.collect(
                    flow,
                    Consumer {
                        seen += it to Thread.currentThread().name.substringBefore(" @")
                        if (it == 103) all.complete(Unit)
                    },
                    null,
                )
                withTimeout(10_000) { hot.subscriptionCount.first { it > 0 } }
                for (i in 4..103) hot.emit(i)
                withTimeout(10_000) { all.await() }
                closeable.close()
                seen.map { it.first } shouldBe (1..103).toList()
                seen.map { it.second }.toSet() shouldBe setOf("java-view-callbacks")
            } finally {
                view.close()
                executor.shutdownNow()
            }
        }

        test("a flow that fails before its first suspension reports to onError on the executor") {
            val executor = Executors.newSingleThreadExecutor { r -> Thread(r, "java-view-errors") }
            val view = JavaView("test-view", executor)
            try {
                val reported = CompletableDeferred<Pair<Throwable, String>>()
                view.collect(
                    flow<Int> { throw IllegalStateException("broken") },
                    Consumer { },
                    Consumer { reported.complete(it to Thread.currentThread().name.substringBefore(" @")) },
                )
                val (error, thread) = withTimeout(10_000) { reported.await() }
                error.message shouldBe "broken"
                thread shouldBe "java-view-errors"
            } finally {
                view.close()
                executor.shutdownNow()
            }
        }

        test("a callback that throws is reported to onError and delivery continues; a failing flow ends it") {
            val view = JavaView("test-view", null)
            try {
                val hot = MutableSharedFlow<Int>(extraBufferCapacity = 8)
                val flow = flow {
                    hot.collect {
                        if (it < 0) throw IllegalArgumentException("flow failed")
                        emit(it)
                    }
                }
                val seen = LinkedBlockingQueue<Int>()
                val errors = LinkedBlockingQueue<Throwable>()
                view.collect(
                    flow,
                    Consumer {
                        if (it == 1) throw IllegalStateException("callback failed")
                        seen += it
                    },
                    Consumer { errors += it },
                )
                withTimeout(10_000) { hot.subscriptionCount.first { it > 0 } }
                hot.emit(1)
                hot.emit(2)
                errors.poll(10, TimeUnit.SECONDS)!!.message shouldBe "callback failed"
                seen.poll(10, TimeUnit.SECONDS) shouldBe 2
                hot.emit(-1)
                errors.poll(10, TimeUnit.SECONDS)!!.message shouldBe "flow failed"
                withTimeout(10_000) { hot.subscriptionCount.first { it == 0 } }
            } finally {
                view.close()
            }
        }

        test("without onError, failures go to the callback thread's uncaught-exception handler") {
            val uncaught = LinkedBlockingQueue<Throwable>()
            val executor = Executors.newSingleThreadExecutor { r ->
                Thread(r, "java-view-uncaught").apply { setUncaughtExceptionHandler { _, e -> uncaught += e } }
            }
            val view = JavaView("test-view", executor)
            try {
                view.collect(
                    flow {
                        emit(1)
                        awaitCancellation()
                    },
                    Consumer { throw IllegalStateException("callback failed") },
                    null,
                )
                uncaught.poll(10, TimeUnit.SECONDS)!!.message shouldBe "callback failed"
                // an onError that throws goes there too, with the error it was given attached
                view.collect(
                    flow<Int> { throw IllegalStateException("flow failed") },
                    Consumer { },
                    Consumer { throw IllegalArgumentException("onError failed") },
                )
                val error = uncaught.poll(10, TimeUnit.SECONDS)!!
                error.message shouldBe "onError failed"
                error.suppressed.single().message shouldBe "flow failed"
            } finally {
                view.close()
                executor.shutdownNow()
            }
        }

        test("with the view's own threads, a callback that blocks holds up only its own collection") {
            val view = JavaView("test-view", null)
            try {
                val slow = MutableSharedFlow<Int>(extraBufferCapacity = 8)
                val fast = MutableSharedFlow<Int>(extraBufferCapacity = 128)
                val release = java.util.concurrent.CountDownLatch(1)
                val blocked = CompletableDeferred<Unit>()
                val fastSeen = CopyOnWriteArrayList<Int>()
                val fastDone = CompletableDeferred<Unit>()
                view.collect(
                    slow,
                    Consumer {
                        blocked.complete(Unit)
                        release.await() // a consumer stuck in its callback
                    },
                    null,
                )
                view.collect(
                    fast,
                    Consumer {
                        fastSeen += it
                        if (it == 99) fastDone.complete(Unit)
                    },
                    null,
                )
                withTimeout(10_000) { slow.subscriptionCount.first { it > 0 } }
                withTimeout(10_000) { fast.subscriptionCount.first { it > 0 } }
                slow.emit(1)
                withTimeout(10_000) { blocked.await() }
                for (i in 0 until 100) fast.emit(i)
                // with one callback thread for the view this waits for the slow callback forever
                withTimeout(10_000) { fastDone.await() }
                fastSeen shouldBe (0 until 100).toList()
                release.countDown()
            } finally {
                view.close()
            }
        }
    })
