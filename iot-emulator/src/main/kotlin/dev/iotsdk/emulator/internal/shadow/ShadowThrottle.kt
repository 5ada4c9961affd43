package dev.iotsdk.emulator.internal.shadow

/**
 * AWS IoT's Device Shadow throttles (spec shadow.md §5), off when 0: more than [inFlightLimit] requests in flight on
 * one connection, or more than [requestsPerSecond] per thing (a token bucket per thing, refilled continuously), are
 * answered 429. Not thread-safe: the shadow service calls it under its lock.
 */
internal class ShadowThrottle(
    private val inFlightLimit: Int,
    private val requestsPerSecond: Int,
    private val nanoTime: () -> Long,
) {
    private class Bucket(var tokens: Double, var at: Long)

    private val buckets = HashMap<String, Bucket>()

    /** Whether a request for [thingName] with [inFlightOnConnection] requests in flight must be refused. */
    fun throttles(thingName: String, inFlightOnConnection: Int): Boolean =
        (inFlightLimit > 0 && inFlightOnConnection > inFlightLimit) || !withinRate(thingName)

    private fun withinRate(thingName: String): Boolean {
        if (requestsPerSecond <= 0) return true
        val now = nanoTime()
        val bucket = buckets.getOrPut(thingName) { Bucket(requestsPerSecond.toDouble(), now) }
        bucket.tokens =
            minOf(requestsPerSecond.toDouble(), bucket.tokens + (now - bucket.at) / NANOS * requestsPerSecond)
        bucket.at = now
        if (bucket.tokens < 1.0) return false
        bucket.tokens -= 1.0
        return true
    }

    private companion object {
        const val NANOS = 1e9
    }
}
