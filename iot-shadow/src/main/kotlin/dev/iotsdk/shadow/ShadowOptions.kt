package dev.iotsdk.shadow

import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toJavaDuration
import kotlin.time.toKotlinDuration

/**
 * Settings of a [ShadowClient].
 *
 * | setting | default |
 * |---|---|
 * | [requestTimeout] | 10 s per get/update/delete, from submission (subscribing included) |
 * | [subscriptionLinger] | 10 s: response subscriptions are shared and kept that long after the last request |
 * | [persistentSubscriptions] | `true`; `false` subscribes for each request and unsubscribes right after it (the v1 SDK's `isPersistentSubscribe=false`): fewer subscriptions held, one more round trip per request |
 * | [maxStateBytes] | 8,192: an update whose `desired` + `reported` JSON is larger is refused before it is sent |
 *
 * Immutable; [ShadowOptions] is safe to share between clients.
 */
public class ShadowOptions @JvmOverloads constructor(
    /** The deadline of each request. */
    public val requestTimeout: Duration = 10.seconds,
    /**
     * How long an unused response subscription is kept before UNSUBSCRIBE (ignored without [persistentSubscriptions]).
     */
    public val subscriptionLinger: Duration = 10.seconds,
    /** Whether response subscriptions are shared and kept between requests (`true`) or made per request (`false`). */
    public val persistentSubscriptions: Boolean = true,
    /** The state size quota checked before an update is sent (AWS: 8 KB of desired and reported state by default). */
    public val maxStateBytes: Int = DEFAULT_MAX_STATE_BYTES,
) {
    init {
        require(requestTimeout.isPositive()) { "requestTimeout must be positive" }
        require(!subscriptionLinger.isNegative()) { "subscriptionLinger must not be negative" }
        require(maxStateBytes > 0) { "maxStateBytes must be positive" }
    }

    /** The linger the request/response engine uses: zero for per-request subscriptions. */
    /** For Java callers: the same options with [java.time.Duration]s. */
    public constructor(
        requestTimeout: java.time.Duration,
        subscriptionLinger: java.time.Duration,
        persistentSubscriptions: Boolean,
        maxStateBytes: Int,
    ) : this(
        requestTimeout.toKotlinDuration(),
        subscriptionLinger.toKotlinDuration(),
        persistentSubscriptions,
        maxStateBytes,
    )

    /** For Java callers: [requestTimeout] as a [java.time.Duration], the other options at their defaults. */
    public constructor(requestTimeout: java.time.Duration) : this(requestTimeout.toKotlinDuration())

    /** [requestTimeout] as a [java.time.Duration], for Java callers. */
    public fun requestTimeoutJava(): java.time.Duration = requestTimeout.toJavaDuration()

    /** [subscriptionLinger] as a [java.time.Duration], for Java callers. */
    public fun subscriptionLingerJava(): java.time.Duration = subscriptionLinger.toJavaDuration()

    internal val effectiveLinger: Duration get() = if (persistentSubscriptions) subscriptionLinger else Duration.ZERO

    override fun toString(): String =
        "ShadowOptions(requestTimeout=$requestTimeout, subscriptionLinger=$subscriptionLinger, " +
            "persistentSubscriptions=$persistentSubscriptions, maxStateBytes=$maxStateBytes)"

    /** Constants. */
    public companion object {
        /** AWS IoT's default shadow state quota: 8 KB of desired and reported state. */
        public const val DEFAULT_MAX_STATE_BYTES: Int = 8 * 1024
    }
}
