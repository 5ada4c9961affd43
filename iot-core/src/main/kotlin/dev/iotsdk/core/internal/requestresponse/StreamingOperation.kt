package dev.iotsdk.core.internal.requestresponse

import dev.iotsdk.common.InternalIotSdkApi
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
