package dev.iotsdk.core.internal.requestresponse

import dev.iotsdk.common.InternalIotSdkApi

/**
 * Events of a [StreamingOperation].
 *
 * Stability: internal to iotsdk ([InternalIotSdkApi]).
 */
@InternalIotSdkApi
public sealed class SubscriptionEvent {
    /** The first SUBACK arrived. */
    public object Established : SubscriptionEvent() {
        override fun toString(): String = "Established"
    }

    /** The connection was lost while subscribed. */
    public object Lost : SubscriptionEvent() {
        override fun toString(): String = "Lost"
    }

    /**
     * Reconnected without a session: the client subscribed again, and messages published while disconnected were
     * missed. Service clients re-read their state (for example GET the shadow).
     */
    public object Resubscribed : SubscriptionEvent() {
        override fun toString(): String = "Resubscribed"
    }

    /** Reconnected with the session resumed: the subscription was kept by the broker. */
    public object Resumed : SubscriptionEvent() {
        override fun toString(): String = "Resumed"
    }

    /** The subscription failed for good; see [SubscriptionStatus.SubscriptionHalted]. */
    public class Halted(
        /** Why. */
        public val cause: Throwable,
    ) : SubscriptionEvent() {
        override fun toString(): String = "Halted(${cause.message})"
    }
}
