package dev.iotsdk.core.requestresponse

import dev.iotsdk.core.InternalIotSdkApi
import dev.iotsdk.core.MqttMessage
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.SharedFlow
import kotlinx.coroutines.flow.StateFlow

/**
 * A long-lived subscription to a service stream (shadow deltas, job notifications) made by
 * [RequestResponseClient.streamingOperation]. The subscription is shared and reference-counted with request
 * subscriptions on the same filter; [close] releases it.
 *
 * Stability: internal to iotsdk ([InternalIotSdkApi]).
 */
@InternalIotSdkApi
public interface StreamingOperation : AutoCloseable {
    /** The topic filter. */
    public val filter: String

    /**
     * The messages matching [filter]. Hot: a collector sees what arrives while it collects, so start collecting
     * before the messages you expect (for example before waiting for [SubscriptionStatus.Subscribed]).
     */
    public val messages: Flow<MqttMessage>

    /** The subscription's current status. */
    public val status: StateFlow<SubscriptionStatus>

    /**
     * Status changes as events, including [SubscriptionEvent.Resubscribed] after a reconnect without a session, when
     * messages may have been missed (re-read the state it streams). Hot, not replayed.
     */
    public val events: SharedFlow<SubscriptionEvent>

    /** Stops the stream and releases its subscription (UNSUBSCRIBE when nothing else needs it). Idempotent. */
    override fun close()
}

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
