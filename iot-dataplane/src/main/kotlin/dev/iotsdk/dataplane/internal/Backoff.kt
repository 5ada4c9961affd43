package dev.iotsdk.dataplane.internal

import kotlin.random.Random
import kotlin.time.Duration

/** Exponential backoff with full jitter: attempt n (1-based) waits a random time in `[0, min(cap, base * 2^(n-1))]`. */
internal class Backoff(
    private val base: Duration,
    private val cap: Duration,
    private val random: Random = Random.Default,
) {
    fun delayBefore(retry: Int): Duration {
        val exp = base * (1L shl (retry - 1).coerceIn(0, MAX_SHIFT)).toDouble()
        val ceiling = if (exp > cap) cap else exp
        return ceiling * random.nextDouble()
    }

    private companion object {
        const val MAX_SHIFT = 20
    }
}
