package dev.iotsdk.provisioning

import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

/**
 * Settings of a [ProvisioningClient].
 *
 * | setting | default |
 * |---|---|
 * | [requestTimeout] | 30 s per request, from the call (including waiting for an earlier call on the same topics and subscribing) |
 */
public class ProvisioningClientOptions @JvmOverloads constructor(
    /** The deadline of each request; it fails with [dev.iotsdk.core.OperationTimeoutException] when it passes. */
    public val requestTimeout: Duration = 30.seconds,
) {
    init {
        require(requestTimeout.isPositive()) { "requestTimeout must be positive" }
    }

    override fun toString(): String = "ProvisioningClientOptions(requestTimeout=$requestTimeout)"
}
