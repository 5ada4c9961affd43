package dev.iotsdk.core.internal

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldStartWith
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.withTimeout
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread

/** Waiters resumed from a transport-like thread: where they run, and that one stuck waiter holds up no other. */
class DefaultResumeTest :
    FunSpec({
        test("waiters on Dispatchers.Default that a transport thread completes together run on Default workers") {
            coroutineScope {
                val shots = List(200) { OneShot<Int>() }
                val waiters = shots.map { shot ->
                    async(Dispatchers.Default, start = CoroutineStart.UNDISPATCHED) {
                        shot.await() to Thread.currentThread().name
                    }
                }
                thread(name = "fake-transport") { shots.forEachIndexed { i, shot -> shot.complete(i) } }.join()
                val results = withTimeout(10_000) { waiters.awaitAll() }
                results.map { it.first } shouldContainExactlyInAnyOrder (0 until 200).toList()
                results.forEach { (_, threadName) -> threadName shouldStartWith "DefaultDispatcher-worker" }
            }
        }

        test("a failure reaches a waiter on Default, and a waiter on its own dispatcher resumes on its own thread") {
            val single = Executors.newSingleThreadExecutor { Thread(it, "app-thread").apply { isDaemon = true } }
            try {
                coroutineScope {
                    val failing = OneShot<Int>()
                    val failed = async(Dispatchers.Default, start = CoroutineStart.UNDISPATCHED) {
                        runCatching { failing.await() }.exceptionOrNull()
                    }
                    val own = OneShot<Int>()
                    val ownThread = async(single.asCoroutineDispatcher(), start = CoroutineStart.UNDISPATCHED) {
                        own.await()
                        Thread.currentThread().name
                    }
                    thread(name = "fake-transport") {
                        failing.fail(IllegalStateException("lost"))
                        own.complete(1)
                    }.join()
                    withTimeout(10_000) { failed.await()?.message } shouldBe "lost"
                    withTimeout(10_000) { ownThread.await() } shouldStartWith "app-thread"
                }
            } finally {
                single.shutdownNow()
            }
        }

        test("a resumed waiter that blocks does not hold up the waiters completed with it") {
            coroutineScope {
                val first = OneShot<Unit>()
                val second = OneShot<Unit>()
                val released = CountDownLatch(1)
                // the first waiter, once resumed, blocks its thread until the second has run
                val blocking = async(Dispatchers.Default, start = CoroutineStart.UNDISPATCHED) {
                    first.await()
                    released.await(20, TimeUnit.SECONDS)
                }
                val freeing = async(Dispatchers.Default, start = CoroutineStart.UNDISPATCHED) {
                    second.await()
                    released.countDown()
                }
                thread(name = "fake-transport") {
                    first.complete(Unit)
                    second.complete(Unit)
                }.join()
                withTimeout(10_000) { freeing.await() }
                withTimeout(10_000) { blocking.await() } shouldBe true
            }
        }
    })
