package dev.iotsdk.core.internal.requestresponse

import dev.iotsdk.common.InternalIotSdkApi

/**
 * The status of a [StreamingOperation].
 *
 * Stability: internal to iotsdk ([InternalIotSdkApi]).
 */
@InternalIotSdkApi
public sealed class SubscriptionStatus {
    /** SUBSCRIBE sent (or queued while offline), SUBACK not received yet. */
    public object Subscribing : SubscriptionStatus() {
        override fun toString(): String = "Subscribing"
    }

    /** Subscribed; messages flow. */
    public object Subscribed : SubscriptionStatus() {
        override fun toString(): String = "Subscribed"
    }

    /** The connection was lost; the client restores the subscription when it reconnects. */
    public object SubscriptionLost : SubscriptionStatus() {
        override fun toString(): String = "SubscriptionLost"
    }

    /** The broker refused the subscription (or it failed otherwise); terminal. */
    public class SubscriptionHalted(
        /** Why, typically a [dev.iotsdk.core.SubscribeRejectedException]. */
        public val cause: Throwable,
    ) : SubscriptionStatus() {
        override fun toString(): String = "SubscriptionHalted(${cause.message})"
    }

    /** [StreamingOperation.close] was called, or the request/response client closed; terminal. */
    public object Closed : SubscriptionStatus() {
        override fun toString(): String = "Closed"
    }
}
