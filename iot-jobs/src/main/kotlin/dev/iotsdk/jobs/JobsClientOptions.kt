package dev.iotsdk.jobs

import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toJavaDuration
import kotlin.time.toKotlinDuration

/**
 * Settings of a [JobsClient].
 *
 * | setting | default |
 * |---|---|
 * | [requestTimeout] | 30 s per request, from the call (including subscribing to the response topics) |
 */
public class JobsClientOptions @JvmOverloads constructor(
    /** The deadline of each request; it fails with [dev.iotsdk.core.OperationTimeoutException] when it passes. */
    public val requestTimeout: Duration = 30.seconds,
) {
    init {
        require(requestTimeout.isPositive()) { "requestTimeout must be positive" }
    }

    /** For Java callers: [requestTimeout] as a [java.time.Duration]. */
    public constructor(requestTimeout: java.time.Duration) : this(requestTimeout.toKotlinDuration())

    /** [requestTimeout] as a [java.time.Duration], for Java callers. */
    public fun requestTimeoutJava(): java.time.Duration = requestTimeout.toJavaDuration()

    override fun toString(): String = "JobsClientOptions(requestTimeout=$requestTimeout)"
}
