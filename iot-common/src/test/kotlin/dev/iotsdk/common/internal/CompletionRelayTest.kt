@file:OptIn(InternalIotSdkApi::class)

package dev.iotsdk.common.internal

import dev.iotsdk.common.InternalIotSdkApi
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.comparables.shouldBeLessThanOrEqualTo
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.asCoroutineDispatcher
import java.util.Collections
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import kotlin.coroutines.CoroutineContext

class CompletionRelayTest :
    FunSpec({
        /** [threads] threads (`Dispatchers.Default` has two on two cores); counts how often the relay dispatches. */
        class CountingDispatcher(threads: Int = 2) : CoroutineDispatcher() {
            val pool = Executors.newFixedThreadPool(threads)
            private val inner = pool.asCoroutineDispatcher()
            val dispatches = AtomicInteger()
            override fun dispatch(context: CoroutineContext, block: Runnable) {
                dispatches.incrementAndGet()
                inner.dispatch(context, block)
            }
        }

        test("tasks handed over together share a dispatch, and all of them run, in order") {
            // one thread: the drain standing by behind the held task cannot start before it
            val dispatcher = CountingDispatcher(threads = 1)
            try {
                val relay = CompletionRelay(dispatcher)
                val gate = CountDownLatch(1)
                val ran = Collections.synchronizedList(ArrayList<Int>())
                val done = CountDownLatch(1_001)
                relay.execute {
                    gate.await()
                    done.countDown()
                }
                // while the first task holds its drain, a burst arrives, as PUBACKs read together do
                repeat(1_000) { i ->
                    relay.execute {
                        ran += i
                        done.countDown()
                    }
                }
                gate.countDown()
                done.await(10, TimeUnit.SECONDS) shouldBe true
                ran shouldContainExactly (0 until 1_000).toList()
                // one dispatch per task would be 1,001: here the first drain, and the one standing by behind the held
                // task (two of those if the burst began before the first drain started)
                dispatcher.dispatches.get() shouldBeLessThanOrEqualTo 3
            } finally {
                dispatcher.pool.shutdownNow()
            }
        }

        test("a task that blocks until a later one ran does not hold that one up") {
            val dispatcher = CountingDispatcher()
            try {
                val relay = CompletionRelay(dispatcher)
                val laterRan = CountDownLatch(1)
                val firstFinished = CountDownLatch(1)
                // a dependent stage that joins a future the relay completes after it, with nothing queued behind it yet
                relay.execute {
                    if (laterRan.await(10, TimeUnit.SECONDS)) firstFinished.countDown()
                }
                relay.execute { laterRan.countDown() }
                // and with the later task arriving only once the first one is already blocked
                val alsoLater = CountDownLatch(1)
                val secondFinished = CountDownLatch(1)
                relay.execute {
                    if (alsoLater.await(10, TimeUnit.SECONDS)) secondFinished.countDown()
                }
                firstFinished.await(10, TimeUnit.SECONDS) shouldBe true
                relay.execute { alsoLater.countDown() }
                secondFinished.await(10, TimeUnit.SECONDS) shouldBe true
            } finally {
                dispatcher.pool.shutdownNow()
            }
        }

        test("tasks from several threads at once all run exactly once") {
            val dispatcher = CountingDispatcher()
            val producers = Executors.newFixedThreadPool(4)
            try {
                val relay = CompletionRelay(dispatcher)
                val counts = IntArray(40_000)
                val done = CountDownLatch(counts.size)
                repeat(4) { t ->
                    producers.execute {
                        for (i in t until counts.size step 4) {
                            relay.execute {
                                synchronized(counts) { counts[i]++ }
                                done.countDown()
                            }
                        }
                    }
                }
                done.await(20, TimeUnit.SECONDS) shouldBe true
                counts.all { it == 1 } shouldBe true
            } finally {
                producers.shutdownNow()
                dispatcher.pool.shutdownNow()
            }
        }
    })
