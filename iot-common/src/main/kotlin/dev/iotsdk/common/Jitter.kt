package dev.iotsdk.common

/**
 * How a retry delay is randomised (AWS Architecture Blog, "Exponential Backoff and Jitter"). With `base` the first
 * delay, `max` the largest and `n` the number of delays already waited since the last reset:
 *
 * ```kotlin
 * val policy = ReconnectPolicy(baseDelay = 1.seconds, maxDelay = 2.minutes, jitter = Jitter.DECORRELATED)
 * ```
 * ```java
 * new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofMinutes(2), Jitter.FULL, Duration.ofSeconds(30), null);
 * ```
 */
public enum class Jitter {
    /** No randomisation: `min(max, base * 2^n)`. */
    NONE,

    /** Uniform in `[0, min(max, base * 2^n)]` (the default of the SDK's reconnect policy). */
    FULL,

    /** Uniform in `[base, min(max, previous * 3)]`, where `previous` is the last delay (`base` at first). */
    DECORRELATED,
}
