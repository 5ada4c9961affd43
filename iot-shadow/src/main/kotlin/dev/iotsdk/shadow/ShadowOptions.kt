package dev.iotsdk.shadow

import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

/**
 * Settings of a [ShadowClient].
 *
 * | setting | default |
 * |---|---|
 * | [requestTimeout] | 10 s per get/update/delete, from submission (subscribing included) |
 * | [subscriptionLinger] | 10 s: response subscriptions are shared and kept that long after the last request |
 *
 * Immutable; [ShadowOptions] is safe to share between clients.
 */
public class ShadowOptions @JvmOverloads constructor(
    /** The deadline of each request. */
    public val requestTimeout: Duration = 10.seconds,
    /** How long an unused response subscription is kept before UNSUBSCRIBE. */
    public val subscriptionLinger: Duration = 10.seconds,
) {
    init {
        require(requestTimeout.isPositive()) { "requestTimeout must be positive" }
        require(!subscriptionLinger.isNegative()) { "subscriptionLinger must not be negative" }
    }

    override fun toString(): String = "ShadowOptions(requestTimeout=$requestTimeout, subscriptionLinger=$subscriptionLinger)"
}
