package dev.iotsdk.core.internal.requestresponse

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.core.MqttMessage

/**
 * How a service client names what its event stream reports: a message, and the subscription's changes. Used by
 * [streamEvents]; shadow, jobs and commands each have their own public event types.
 *
 * Stability: internal to iotsdk ([InternalIotSdkApi]).
 */
@InternalIotSdkApi
public class StreamEventNames<E>(
    /** The event for one message (decoding, or reporting it malformed, is the service's business). */
    public val message: (MqttMessage) -> E,
    /** The subscription is in place. */
    public val subscribed: E,
    /** The connection was lost; the subscription comes back with it. */
    public val lost: E,
    /** Subscribed again without a session: messages may have been missed. */
    public val resubscribed: E,
    /** The subscription failed for good; the stream ends after this event. */
    public val halted: (Throwable) -> E,
)
