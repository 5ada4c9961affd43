package dev.iotsdk.common.internal

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.Jitter
import kotlin.random.Random
import kotlin.time.Duration
import kotlin.time.Duration.Companion.nanoseconds

/**
 * Exponential backoff with [jitter], the one every iotsdk retry loop uses: the `n`-th delay since the last [reset]
 * (counting from 0) is randomised below the ceiling `min(maxDelay, baseDelay * 2^n)` as [Jitter] describes. The
 * arithmetic saturates (nanoseconds, capped at [maxDelay]), so any number of attempts and a [Duration.INFINITE]
 * [maxDelay] are safe.
 *
 * [fullJitterFloor] keeps part of each [Jitter.FULL] delay fixed: delays are then uniform in
 * `[fullJitterFloor * ceiling, ceiling]`; `0.5` is the blog's "equal jitter" (Greengrass discovery's throttling
 * backoff). It must be 0 with the other jitters.
 *
 * ```kotlin
 * val backoff = Backoff(100.milliseconds, 5.seconds, Jitter.FULL)
 * while (true) {
 *     try { return call() } catch (e: IOException) { if (backoff.attempt >= 3) throw e }
 *     delay(backoff.next())
 * }
 * ```
 *
 * Not thread-safe: one instance per retry loop (it is cheap); share none between concurrent calls.
 */
@InternalIotSdkApi
public class Backoff(
    baseDelay: Duration,
    maxDelay: Duration,
    /** How each delay is randomised. */
    public val jitter: Jitter,
    private val random: Random = Random.Default,
    private val fullJitterFloor: Double = 0.0,
) {
    private val base: Long = baseDelay.inWholeNanoseconds
    private val max: Long = maxDelay.inWholeNanoseconds
    private var previous: Long = base

    init {
        require(!baseDelay.isNegative() && maxDelay >= baseDelay) {
            "need 0 <= baseDelay <= maxDelay, got $baseDelay and $maxDelay"
        }
        require(fullJitterFloor in 0.0..1.0 && (fullJitterFloor == 0.0 || jitter == Jitter.FULL)) {
            "fullJitterFloor must be in 0..1, and 0 unless the jitter is FULL"
        }
    }

    /** How many delays [next] has handed out since the last [reset] (saturating at [Int.MAX_VALUE]). */
    public var attempt: Int = 0
        private set

    /** The next delay; counts an [attempt]. */
    public fun next(): Duration {
        val ceiling = ceiling(attempt)
        if (attempt < Int.MAX_VALUE) attempt++
        val delay = when (jitter) {
            Jitter.NONE -> ceiling
            Jitter.FULL -> {
                val floor = (ceiling * fullJitterFloor).toLong().coerceIn(0, ceiling)
                uniform(floor, ceiling)
            }
            Jitter.DECORRELATED -> {
                val upper = minOf(max, previous.saturatingTimes(DECORRELATED_GROWTH))
                if (upper <= base) base else uniform(base, upper)
            }
        }
        previous = maxOf(delay, base)
        return delay.nanoseconds
    }

    /** Starts again from the base delay (after a success, or a connection that stayed up long enough). */
    public fun reset() {
        attempt = 0
        previous = base
    }

    /** `min(max, base * 2^n)` without overflow. */
    private fun ceiling(n: Int): Long = when {
        base == 0L -> 0L
        n >= Long.SIZE_BITS - 1 || base > (Long.MAX_VALUE shr n) -> max
        else -> minOf(max, base shl n)
    }

    /** Uniform in `[from, to]`, both included (`to` excluded only when it is [Long.MAX_VALUE]). */
    private fun uniform(from: Long, to: Long): Long = when {
        to <= from -> from
        to == Long.MAX_VALUE -> random.nextLong(from, to)
        else -> random.nextLong(from, to + 1)
    }

    private fun Long.saturatingTimes(factor: Long): Long =
        if (this > Long.MAX_VALUE / factor) Long.MAX_VALUE else this * factor

    override fun toString(): String = "Backoff(jitter=$jitter, attempt=$attempt)"

    private companion object {
        const val DECORRELATED_GROWTH = 3L
    }
}
