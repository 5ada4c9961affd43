package dev.iotsdk.core.internal

import dev.iotsdk.core.Jitter
import dev.iotsdk.core.ReconnectPolicy
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeBetween
import io.kotest.matchers.shouldBe
import kotlin.random.Random
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

class BackoffTest :
    FunSpec({
        test("no jitter doubles from base up to max") {
            val b = Backoff(ReconnectPolicy(baseDelay = 100.milliseconds, maxDelay = 1.seconds, jitter = Jitter.NONE))
            (1..6).map { b.next().inWholeMilliseconds } shouldBe listOf(100L, 200L, 400L, 800L, 1000L, 1000L)
        }

        test("full jitter stays within [0, exponential cap]") {
            val b =
                Backoff(
                    ReconnectPolicy(baseDelay = 100.milliseconds, maxDelay = 2.seconds, jitter = Jitter.FULL),
                    Random(42),
                )
            repeat(20) { i ->
                val cap = minOf(2000L, 100L shl minOf(i, 20))
                b.next().inWholeMilliseconds.shouldBeBetween(0L, cap)
            }
        }

        test("decorrelated jitter stays within [base, max]") {
            val b =
                Backoff(
                    ReconnectPolicy(baseDelay = 100.milliseconds, maxDelay = 3.seconds, jitter = Jitter.DECORRELATED),
                    Random(7),
                )
            repeat(50) { b.next().inWholeMilliseconds.shouldBeBetween(100L, 3000L) }
        }

        test("reset starts again from the base delay") {
            val b = Backoff(ReconnectPolicy(baseDelay = 100.milliseconds, maxDelay = 10.seconds, jitter = Jitter.NONE))
            repeat(5) { b.next() }
            b.attempt shouldBe 5
            b.reset()
            b.next().inWholeMilliseconds shouldBe 100L
        }

        test("very many attempts do not overflow") {
            val b = Backoff(ReconnectPolicy(baseDelay = 1.seconds, maxDelay = 120.seconds, jitter = Jitter.NONE))
            repeat(200) { b.next() }
            b.next().inWholeMilliseconds shouldBe 120_000L
        }
    })
