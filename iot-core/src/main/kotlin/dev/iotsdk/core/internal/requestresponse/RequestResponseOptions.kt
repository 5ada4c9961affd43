package dev.iotsdk.core.internal.requestresponse

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.core.Qos
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

/**
 * Settings of a [RequestResponseClient].
 *
 * | setting | default |
 * |---|---|
 * | [defaultTimeout] | 30 s from submission |
 * | [subscriptionLinger] | 10 s: a response subscription no operation needs any more is kept that long before UNSUBSCRIBE, so a burst of requests subscribes once |
 * | [subscriptionQos] | QoS 1 |
 * | [rejectionMapper] | [RejectionMapper.IDENTITY] |
 *
 * Stability: internal to iotsdk ([InternalIotSdkApi]).
 */
@InternalIotSdkApi
public class RequestResponseOptions @JvmOverloads constructor(
    /** The deadline of operations that set none. */
    public val defaultTimeout: Duration = 30.seconds,
    /** How long an unused response subscription is kept; zero unsubscribes at once. */
    public val subscriptionLinger: Duration = 10.seconds,
    /** The QoS of the response and stream subscriptions. */
    public val subscriptionQos: Qos = Qos.AT_LEAST_ONCE,
    /** Maps rejections for operations that set no mapper of their own. */
    public val rejectionMapper: RejectionMapper = RejectionMapper.IDENTITY,
) {
    init {
        require(defaultTimeout.isPositive()) { "defaultTimeout must be positive" }
        require(!subscriptionLinger.isNegative()) { "subscriptionLinger must not be negative" }
    }

    override fun toString(): String =
        "RequestResponseOptions(timeout=$defaultTimeout, linger=$subscriptionLinger, qos=$subscriptionQos)"
}
