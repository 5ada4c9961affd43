package dev.iotsdk.core.internal

import dev.iotsdk.core.Jitter
import dev.iotsdk.core.ReconnectPolicy
import kotlin.math.min
import kotlin.random.Random
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds

/**
 * Backoff delays for a [ReconnectPolicy]. [attempt] counts failures since the last stable connection; it resets only
 * through [reset], which the client calls when a connection lasted the policy's stable period.
 */
internal class Backoff(private val policy: ReconnectPolicy, private val random: Random = Random.Default) {
    var attempt: Int = 0
        private set
    private var previous: Long = policy.baseDelay.inWholeMilliseconds

    fun next(): Duration {
        val base = policy.baseDelay.inWholeMilliseconds
        val max = policy.maxDelay.inWholeMilliseconds
        val exp = if (attempt >= 62) max else min(max, base.saturatingShl(attempt))
        attempt++
        val delay = when (policy.jitter) {
            Jitter.NONE -> exp
            Jitter.FULL -> random.nextLong(0, exp + 1)
            Jitter.DECORRELATED -> {
                val upper = min(max, previous.saturatingTimes3())
                if (upper <= base) base else random.nextLong(base, upper + 1)
            }
        }
        previous = delay.coerceAtLeast(base)
        return delay.milliseconds
    }

    fun reset() {
        attempt = 0
        previous = policy.baseDelay.inWholeMilliseconds
    }

    private fun Long.saturatingShl(n: Int): Long = if (this > (Long.MAX_VALUE shr n)) Long.MAX_VALUE else this shl n
    private fun Long.saturatingTimes3(): Long = if (this > Long.MAX_VALUE / 3) Long.MAX_VALUE else this * 3
}
