package dev.iotsdk.provisioning

import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toJavaDuration
import kotlin.time.toKotlinDuration

/**
 * Settings of a [ProvisioningClient].
 *
 * | setting | default |
 * |---|---|
 * | [requestTimeout] | 30 s per request, from the call (including waiting for an earlier call on the same topics and subscribing) |
 */
public class ProvisioningClientOptions @JvmOverloads constructor(
    /** The deadline of each request; it fails with [dev.iotsdk.core.OperationTimeoutException] when it passes. */
    public val requestTimeout: Duration = DEFAULT_TIMEOUT,
) {
    init {
        require(requestTimeout.isPositive()) { "requestTimeout must be positive" }
    }

    /** The defaults, for Java callers. */
    public constructor() : this(DEFAULT_TIMEOUT)

    /** For Java callers: [requestTimeout] as a [java.time.Duration]. */
    public constructor(requestTimeout: java.time.Duration) : this(requestTimeout.toKotlinDuration())

    /** [requestTimeout] as a [java.time.Duration], for Java callers. */
    public fun requestTimeoutJava(): java.time.Duration = requestTimeout.toJavaDuration()

    override fun toString(): String = "ProvisioningClientOptions(requestTimeout=$requestTimeout)"

    private companion object {
        private val DEFAULT_TIMEOUT = 30.seconds
    }
}
