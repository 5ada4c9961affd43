@file:OptIn(InternalIotSdkApi::class)

package dev.iotsdk.common.java

import dev.iotsdk.common.InternalIotSdkApi
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldStartWith
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Job
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.flow.MutableSharedFlow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import java.util.concurrent.CancellationException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.CountDownLatch
import java.util.concurrent.ExecutionException
import java.util.concurrent.Executors
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.RejectedExecutionException
import java.util.concurrent.TimeUnit
import java.util.function.Consumer

/** What a [JavaView] owns and how closing it releases that: its scope, its own thread, never the caller's executor. */
class JavaViewTest :
    FunSpec({
        test("closing the view cancels pending futures with CancellationException, and later ones at once") {
            val view = JavaView("test-view", Runnable::run)
            val gate = CompletableDeferred<String>()
            val pending = view.future { gate.await() }
            pending.isDone shouldBe false
            view.close()
            shouldThrow<CancellationException> { pending.get(5, TimeUnit.SECONDS) }
            pending.isCancelled shouldBe true
            view.isClosed shouldBe true

            // the view's scope is gone: later calls are cancelled at once and their blocks never run
            var ran = false
            val later = view.future { ran = true }
            val undispatched = view.future(CoroutineStart.UNDISPATCHED) { ran = true }
            shouldThrow<CancellationException> { later.get(5, TimeUnit.SECONDS) }
            shouldThrow<CancellationException> { undispatched.get(5, TimeUnit.SECONDS) }
            later.isCancelled shouldBe true
            undispatched.isCancelled shouldBe true
            ran shouldBe false
        }

        test("ending the parent job (the client closing) closes the view") {
            val client = Job()
            val view = JavaView("test-view", Runnable::run, client)
            val pending = view.future { awaitCancellation() }
            client.cancel()
            shouldThrow<CancellationException> { pending.get(5, TimeUnit.SECONDS) }
            view.isClosed shouldBe true
        }

        test("closing the view leaves the parent job running") {
            val client = Job()
            JavaView("test-view", Runnable::run, client).close()
            client.isActive shouldBe true
            client.children.count() shouldBe 0
        }

        test("cancelling a future cancels its coroutine") {
            val view = JavaView("test-view", Runnable::run)
            val cancelled = CompletableDeferred<Unit>()
            val started = CompletableDeferred<Unit>()
            val future = view.future {
                try {
                    started.complete(Unit)
                    awaitCancellation()
                } finally {
                    cancelled.complete(Unit)
                }
            }
            withTimeout(10_000) { started.await() }
            future.cancel(true)
            withTimeout(10_000) { cancelled.join() }
            view.close()
        }

        test("an UNDISPATCHED future runs on the caller's thread until it first suspends, then completes elsewhere") {
            val view = JavaView("test-view", null)
            val caller = Thread.currentThread()
            val gate = CompletableDeferred<Unit>()
            var startedOn: Thread? = null
            val future = view.future(CoroutineStart.UNDISPATCHED) {
                startedOn = Thread.currentThread()
                gate.await()
                Thread.currentThread()
            }
            startedOn shouldBe caller
            gate.complete(Unit)
            future.get(5, TimeUnit.SECONDS).name shouldStartWith "DefaultDispatcher-worker"
            view.close()
        }

        test("without an executor, callbacks run on a daemon thread of the view's own, gone once the view closes") {
            val view = JavaView("test-view", null)
            val flow = MutableSharedFlow<Int>(extraBufferCapacity = 8)
            val threads = LinkedBlockingQueue<Thread>()
            view.collect(flow, Consumer { threads += Thread.currentThread() }, null)
            withTimeout(10_000) { flow.subscriptionCount.first { it > 0 } }
            flow.emit(1)
            val thread = threads.poll(10, TimeUnit.SECONDS)!!
            thread.name shouldStartWith "iotsdk-callbacks-"
            thread.isDaemon shouldBe true
            view.close()
            thread.join(10_000)
            thread.isAlive shouldBe false
        }

        test("a view closed before its first callback refuses its executor and starts no thread") {
            fun callbackThreads() = Thread.getAllStackTraces().keys.count { it.name.startsWith("iotsdk-callbacks-") }
            val before = callbackThreads()
            val parent = Job()
            val closedByParent = JavaView("test-view", null, parent)
            parent.cancel()
            val closed = JavaView("test-view", null).apply { close() }
            for (view in listOf(closed, closedByParent)) {
                shouldThrow<RejectedExecutionException> { view.executor.execute { } }
            }
            callbackThreads() shouldBe before
        }

        test("a view closed from its own callback stops its thread once the callback returns") {
            val view = JavaView("test-view", null)
            val threads = LinkedBlockingQueue<Thread>()
            view.collect(
                flow {
                    emit(1)
                    awaitCancellation()
                },
                Consumer {
                    view.close()
                    threads += Thread.currentThread()
                },
                null,
            )
            val thread = threads.poll(10, TimeUnit.SECONDS)!!
            thread.join(10_000)
            thread.isAlive shouldBe false
        }

        test("a caller's executor runs the callbacks and is never shut down by the view") {
            val executor = Executors.newSingleThreadExecutor { r -> Thread(r, "caller-callbacks") }
            try {
                val view = JavaView("test-view", executor)
                val flow = MutableSharedFlow<Int>(extraBufferCapacity = 8)
                val threads = LinkedBlockingQueue<String>()
                view.collect(flow, Consumer { threads += Thread.currentThread().name }, null)
                withTimeout(10_000) { flow.subscriptionCount.first { it > 0 } }
                flow.emit(1)
                threads.poll(10, TimeUnit.SECONDS)!! shouldStartWith "caller-callbacks"
                view.close()
                withTimeout(10_000) { flow.subscriptionCount.first { it == 0 } }
                executor.isShutdown shouldBe false
                val stillRuns = CountDownLatch(1)
                executor.execute { stillRuns.countDown() }
                stillRuns.await(10, TimeUnit.SECONDS) shouldBe true
            } finally {
                executor.shutdownNow()
            }
        }

        test("closing stops collections, and collect on a closed view starts nothing") {
            val view = JavaView("test-view", Runnable::run)
            val flow = MutableSharedFlow<Int>(extraBufferCapacity = 8)
            val seen = CopyOnWriteArrayList<Int>()
            val delivered = CompletableDeferred<Unit>()
            view.collect(
                flow,
                Consumer {
                    seen += it
                    delivered.complete(Unit)
                },
                null,
            )
            withTimeout(10_000) { flow.subscriptionCount.first { it > 0 } }
            flow.emit(1)
            withTimeout(10_000) { delivered.await() }
            view.close()
            withTimeout(10_000) { flow.subscriptionCount.first { it == 0 } }
            flow.tryEmit(2)
            seen shouldBe listOf(1)

            var started = false
            view.collect(flow<Unit> { started = true }, Consumer { }, null).close()
            started shouldBe false
        }

        test("a future whose work fails after the view closed (the client closing under it) is cancelled") {
            val view = JavaView("test-view", null)
            val gate = CompletableDeferred<Unit>()
            val started = CompletableDeferred<Unit>()
            // the work ignores the cancellation (as a request the client then fails does, in a race)
            val pending = view.future {
                withContext(NonCancellable) {
                    started.complete(Unit)
                    gate.await()
                }
            }
            withTimeout(10_000) { started.await() }
            view.close()
            gate.completeExceptionally(IllegalStateException("the client is closed"))
            shouldThrow<CancellationException> { pending.get(10, TimeUnit.SECONDS) }
            pending.isCancelled shouldBe true
        }

        test("a failure that is the owner's 'closed' exception cancels the future, even before the view is closed") {
            class OwnerClosed : IllegalStateException("the client is closed")
            val view = JavaView("test-view", null, ownerClosed = { it is OwnerClosed })
            val byCoroutine = view.future<Unit> { throw OwnerClosed() }
            shouldThrow<CancellationException> { byCoroutine.get(10, TimeUnit.SECONDS) }
            byCoroutine.isCancelled shouldBe true
            val byCallback = CompletableFuture<String>()
            view.completeLater(byCallback, null, OwnerClosed())
            shouldThrow<CancellationException> { byCallback.get(10, TimeUnit.SECONDS) }
            // any other failure still fails the future, and a value completes it
            val failed = CompletableFuture<String>()
            view.completeLater(failed, null, IllegalArgumentException("bad input"))
            shouldThrow<ExecutionException> { failed.get(10, TimeUnit.SECONDS) }
            val done = CompletableFuture<String>()
            view.completeLater(done, "ok", null)
            done.get(10, TimeUnit.SECONDS) shouldBe "ok"
            view.isClosed shouldBe false
            view.close()
        }
    })
