package dev.iotsdk.common.internal

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.Jitter
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveAtLeastSize
import io.kotest.matchers.comparables.shouldBeGreaterThanOrEqualTo
import io.kotest.matchers.comparables.shouldBeLessThanOrEqualTo
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.delay
import kotlinx.coroutines.test.runTest
import kotlin.random.Random
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.nanoseconds
import kotlin.time.Duration.Companion.seconds

@OptIn(InternalIotSdkApi::class)
class BackoffTest :
    FunSpec({
        fun ceiling(base: Duration, max: Duration, n: Int): Duration = minOf(max, base * (1L shl n).toDouble())

        test("no jitter doubles from the base delay up to the cap") {
            val b = Backoff(100.milliseconds, 1.seconds, Jitter.NONE)
            List(6) { b.next().inWholeMilliseconds } shouldBe listOf(100L, 200L, 400L, 800L, 1000L, 1000L)
            b.attempt shouldBe 6
        }

        test("full jitter stays within [0, exponential ceiling] and varies") {
            val b = Backoff(100.milliseconds, 2.seconds, Jitter.FULL, Random(42))
            val delays = List(40) { n ->
                b.next().also { d ->
                    d shouldBeGreaterThanOrEqualTo Duration.ZERO
                    d shouldBeLessThanOrEqualTo ceiling(100.milliseconds, 2.seconds, minOf(n, 20))
                }
            }
            delays.toSet() shouldHaveAtLeastSize 30
            delays.any { it < 1.seconds } shouldBe true
        }

        test("full jitter with a floor of one half stays within [ceiling / 2, ceiling] (equal jitter)") {
            val b = Backoff(500.milliseconds, 10.seconds, Jitter.FULL, Random(3), fullJitterFloor = 0.5)
            repeat(30) { n ->
                val c = ceiling(500.milliseconds, 10.seconds, minOf(n, 20))
                val d = b.next()
                d shouldBeGreaterThanOrEqualTo c / 2
                d shouldBeLessThanOrEqualTo c
            }
        }

        test("decorrelated jitter stays within [base, min(max, previous * 3)]") {
            val b = Backoff(100.milliseconds, 3.seconds, Jitter.DECORRELATED, Random(7))
            var previous = 100.milliseconds
            val delays = List(60) {
                b.next().also { d ->
                    d shouldBeGreaterThanOrEqualTo 100.milliseconds
                    d shouldBeLessThanOrEqualTo minOf(3.seconds, previous * 3)
                    previous = d
                }
            }
            delays.any { it > 1.seconds } shouldBe true
        }

        test("reset starts again from the base delay, for every jitter") {
            for (jitter in Jitter.entries) {
                val b = Backoff(100.milliseconds, 10.seconds, jitter, Random(1))
                repeat(5) { b.next() }
                b.attempt shouldBe 5
                b.reset()
                b.attempt shouldBe 0
                val first = if (jitter == Jitter.DECORRELATED) 300.milliseconds else 100.milliseconds
                b.next() shouldBeLessThanOrEqualTo first
            }
            val none = Backoff(100.milliseconds, 10.seconds, Jitter.NONE)
            repeat(5) { none.next() }
            none.reset()
            none.next() shouldBe 100.milliseconds
        }

        test("attempt 1000 does not overflow: every jitter stays within the cap, an infinite cap included") {
            for (jitter in Jitter.entries) {
                val capped = Backoff(1.seconds, 120.seconds, jitter, Random(5))
                repeat(1000) { capped.next() shouldBeLessThanOrEqualTo 120.seconds }
                capped.attempt shouldBe 1000
                val unbounded = Backoff(1.nanoseconds, Duration.INFINITE, jitter, Random(5))
                repeat(1000) { unbounded.next() shouldBeGreaterThanOrEqualTo Duration.ZERO }
            }
            val none = Backoff(1.seconds, 120.seconds, Jitter.NONE)
            repeat(1000) { none.next() }
            none.next() shouldBe 120.seconds
            val huge = Backoff(1.nanoseconds, Duration.INFINITE, Jitter.NONE)
            repeat(1000) { huge.next() }
            huge.next() shouldBe Long.MAX_VALUE.nanoseconds
        }

        test("a zero base delay gives zero delays") {
            val b = Backoff(Duration.ZERO, 5.seconds, Jitter.FULL)
            repeat(100) { b.next() shouldBe Duration.ZERO }
        }

        test("in virtual time, a retry loop waits exactly the sum of its delays") {
            runTest {
                val b = Backoff(200.milliseconds, 1.seconds, Jitter.NONE)
                repeat(5) { delay(b.next()) }
                // 200 + 400 + 800 + 1000 + 1000
                testScheduler.currentTime shouldBe 3400L
            }
            runTest {
                val b = Backoff(200.milliseconds, 1.seconds, Jitter.FULL, Random(11))
                var expected = 0L
                repeat(5) {
                    val d = b.next()
                    // delay() rounds a partial millisecond up
                    expected += (d + 999_999.nanoseconds).inWholeMilliseconds
                    delay(d)
                }
                testScheduler.currentTime shouldBe expected
                testScheduler.currentTime shouldBeLessThanOrEqualTo 3405L
            }
        }

        test("invalid settings are refused") {
            shouldThrow<IllegalArgumentException> { Backoff((-1).seconds, 1.seconds, Jitter.NONE) }
            shouldThrow<IllegalArgumentException> { Backoff(2.seconds, 1.seconds, Jitter.NONE) }
            shouldThrow<IllegalArgumentException> {
                Backoff(1.seconds, 2.seconds, Jitter.DECORRELATED, fullJitterFloor = 0.5)
            }
            shouldThrow<IllegalArgumentException> { Backoff(1.seconds, 2.seconds, Jitter.FULL, fullJitterFloor = 1.5) }
        }
    })
