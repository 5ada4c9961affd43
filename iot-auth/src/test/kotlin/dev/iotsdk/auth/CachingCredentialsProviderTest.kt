package dev.iotsdk.auth

import io.kotest.core.spec.style.StringSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import java.time.Clock
import java.time.Instant
import java.time.ZoneId
import java.time.ZoneOffset
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration.Companion.minutes

private class MutableClock(var now: Instant) : Clock() {
    override fun getZone(): ZoneId = ZoneOffset.UTC
    override fun withZone(zone: ZoneId?): Clock = this
    override fun instant(): Instant = now
}

class CachingCredentialsProviderTest :
    StringSpec({
        val t0 = Instant.parse("2030-01-01T00:00:00Z")

        "caches until expiration minus refreshBefore, then refreshes" {
            val clock = MutableClock(t0)
            val calls = AtomicInteger()
            val delegate = CredentialsProvider {
                val n = calls.incrementAndGet()
                Credentials("K$n", "S", "T", t0.plusSeconds(3600L * n))
            }
            val cache = CachingCredentialsProvider(delegate, 5.minutes, clock)
            cache.resolve().accessKeyId shouldBe "K1"
            clock.now = t0.plusSeconds(3600 - 301)
            cache.resolve().accessKeyId shouldBe "K1"
            clock.now = t0.plusSeconds(3600 - 300)
            cache.resolve().accessKeyId shouldBe "K2"
            cache.resolve().accessKeyId shouldBe "K2"
            calls.get() shouldBe 2
        }

        "credentials without expiration are kept; invalidate forgets them" {
            val calls = AtomicInteger()
            val cache =
                CachingCredentialsProvider(CredentialsProvider { Credentials("K${calls.incrementAndGet()}", "S") })
            cache.resolve().accessKeyId shouldBe "K1"
            cache.resolve().accessKeyId shouldBe "K1"
            cache.invalidate()
            cache.resolve().accessKeyId shouldBe "K2"
        }

        "a failure is not cached" {
            var fail = true
            val cache = CachingCredentialsProvider(
                CredentialsProvider {
                    if (fail) throw CredentialsException("no") else Credentials("K", "S")
                },
            )
            runCatching { cache.resolve() }.isFailure shouldBe true
            fail = false
            cache.resolve().accessKeyId shouldBe "K"
        }

        "concurrent callers share one call to the delegate" {
            val calls = AtomicInteger()
            val gate = CompletableDeferred<Unit>()
            val cache = CachingCredentialsProvider(
                CredentialsProvider {
                    calls.incrementAndGet()
                    gate.await()
                    Credentials("K", "S", null, t0)
                },
                5.minutes,
                MutableClock(t0.minusSeconds(3600)),
            )
            val results = coroutineScope {
                val all = List(10) { async(start = CoroutineStart.UNDISPATCHED) { cache.resolve() } }
                calls.get() shouldBe 1 // all ten are now suspended: one in the delegate, nine on the lock
                gate.complete(Unit)
                all.awaitAll()
            }
            results.map { it.accessKeyId }.distinct() shouldBe listOf("K")
            calls.get() shouldBe 1
        }
    })
