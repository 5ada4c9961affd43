package dev.iotsdk.jobs

/**
 * What a jobs notification stream ([JobsClient.nextJobExecutionChangedEvents],
 * [JobsClient.jobExecutionsChangedEvents]) reports: messages, malformed messages (the stream goes on), and the
 * state of its subscription across reconnects.
 */
public sealed class JobsStreamEvent<out T> {
    /** A notification. */
    public class Message<out T>(
        /** The decoded message. */
        public val value: T,
    ) : JobsStreamEvent<T>() {
        override fun toString(): String = "Message($value)"
    }

    /** A message on the stream's topic that could not be decoded; the stream goes on. */
    public class Malformed(
        /** Why it could not be decoded. */
        public val error: Throwable,
    ) : JobsStreamEvent<Nothing>() {
        override fun toString(): String = "Malformed(${error.message})"
    }

    /** The subscription is in place (first SUBACK, or restored after a reconnect). */
    public object Subscribed : JobsStreamEvent<Nothing>() {
        override fun toString(): String = "Subscribed"
    }

    /** The connection was lost; the subscription is restored when it comes back. */
    public object SubscriptionLost : JobsStreamEvent<Nothing>() {
        override fun toString(): String = "SubscriptionLost"
    }

    /**
     * Reconnected without a session and subscribed again: notifications published meanwhile were missed, so re-read
     * the state (for example with [JobsClient.getPendingJobExecutions]).
     */
    public object Resubscribed : JobsStreamEvent<Nothing>() {
        override fun toString(): String = "Resubscribed"
    }

    /** The subscription failed for good (for example refused by the policy); the stream ends after this. */
    public class Halted(
        /** Why. */
        public val cause: Throwable,
    ) : JobsStreamEvent<Nothing>() {
        override fun toString(): String = "Halted(${cause.message})"
    }
}
