package dev.iotsdk.core

import dev.iotsdk.common.Jitter
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toJavaDuration
import kotlin.time.toKotlinDuration

/**
 * The SDK-owned reconnect policy: exponential backoff from [baseDelay] to [maxDelay] with [jitter]. The attempt
 * counter resets only after a connection stayed up for [stableConnection], so a broker that accepts and then drops
 * the client (a policy violation, a duplicate client id) cannot cause a reconnect storm. The first connect retries
 * too; [maxAttempts] bounds the attempts of one connect cycle (`null`: unbounded).
 *
 * Defaults: base 1 s, max 120 s, full jitter, stable after 30 s, unbounded.
 */
public class ReconnectPolicy @JvmOverloads constructor(
    /** The first delay, and the unit of growth. */
    public val baseDelay: Duration = 1.seconds,
    /** The largest delay. */
    public val maxDelay: Duration = 120.seconds,
    /** The randomisation. */
    public val jitter: Jitter = Jitter.FULL,
    /** How long a connection must last before the backoff starts again from [baseDelay]. */
    public val stableConnection: Duration = 30.seconds,
    /** Attempts per connect cycle before giving up, or `null` for no limit. */
    public val maxAttempts: Int? = null,
) {
    init {
        require(baseDelay.isPositive()) { "baseDelay must be positive" }
        require(maxDelay >= baseDelay) { "maxDelay must be >= baseDelay" }
        require(maxAttempts == null || maxAttempts > 0) { "maxAttempts must be positive" }
    }

    /**
     * For Java callers: the same policy with [java.time.Duration]s (`maxAttempts` `null` for unlimited).
     *
     * ```java
     * new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofMinutes(2), Jitter.FULL, Duration.ofSeconds(30), null)
     * ```
     */
    public constructor(
        baseDelay: java.time.Duration,
        maxDelay: java.time.Duration,
        jitter: Jitter,
        stableConnection: java.time.Duration,
        maxAttempts: Int?,
    ) : this(
        baseDelay.toKotlinDuration(),
        maxDelay.toKotlinDuration(),
        jitter,
        stableConnection.toKotlinDuration(),
        maxAttempts,
    )

    /** For Java callers: [baseDelay] and [maxDelay] as [java.time.Duration]s, the other settings at their defaults. */
    public constructor(baseDelay: java.time.Duration, maxDelay: java.time.Duration) :
        this(baseDelay.toKotlinDuration(), maxDelay.toKotlinDuration())

    /** [baseDelay] as a [java.time.Duration], for Java callers. */
    public fun baseDelayJava(): java.time.Duration = baseDelay.toJavaDuration()

    /** [maxDelay] as a [java.time.Duration], for Java callers. */
    public fun maxDelayJava(): java.time.Duration = maxDelay.toJavaDuration()

    /** [stableConnection] as a [java.time.Duration], for Java callers. */
    public fun stableConnectionJava(): java.time.Duration = stableConnection.toJavaDuration()

    override fun toString(): String =
        "ReconnectPolicy(base=$baseDelay, max=$maxDelay, jitter=$jitter, stable=$stableConnection, " +
            "maxAttempts=$maxAttempts)"

    /** The default policy. */
    public companion object {
        /** Base 1 s, max 120 s, full jitter, stable after 30 s. */
        @JvmField
        public val DEFAULT: ReconnectPolicy = ReconnectPolicy()
    }
}
