package dev.iotsdk.shadow

/**
 * What a shadow stream ([ShadowClient.deltaEvents], [ShadowClient.documentEvents]) reports: its subscription status,
 * the messages, and payloads it could not read. The stream goes on after every event; it ends only when the collector
 * stops, the client closes, or the broker refuses the subscription (the flow then fails with that error).
 */
public sealed class ShadowEvent<out T> {
    /** The subscription is in place (first time, or again after a reconnect); messages flow. */
    public object Subscribed : ShadowEvent<Nothing>() {
        override fun toString(): String = "Subscribed"
    }

    /** The connection was lost; the client subscribes again when it reconnects. */
    public object SubscriptionLost : ShadowEvent<Nothing>() {
        override fun toString(): String = "SubscriptionLost"
    }

    /**
     * A message. [resync] is `true` for the synthetic message made from a GET after a reconnect without a session
     * (when messages may have been missed): a delta with the GET's `delta`, version and timestamp and no clientToken,
     * or a documents message with no `previous` and the GET's document as `current`.
     */
    public class Received<out T>(
        /** The message. */
        public val value: T,
        /** Whether it was made from a re-read after a session loss. */
        public val resync: Boolean,
    ) : ShadowEvent<T>() {
        override fun toString(): String = "Received(resync=$resync, $value)"
    }

    /** A payload on the stream's topic (or the re-read after a session loss) failed; the stream goes on. */
    public class Error(
        /** What went wrong. */
        public val cause: Throwable,
    ) : ShadowEvent<Nothing>() {
        override fun toString(): String = "Error(${cause.message})"
    }
}
