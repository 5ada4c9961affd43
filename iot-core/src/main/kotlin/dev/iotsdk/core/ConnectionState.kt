package dev.iotsdk.core

import dev.iotsdk.common.IotSdkException

/** The connection's current state, as [IotMqttClient.state] reports it. */
public sealed class ConnectionState {
    /** Not started, or stopped by [IotMqttClient.disconnect]. */
    public object Disconnected : ConnectionState() {
        override fun toString(): String = "Disconnected"
    }

    /** Attempting to connect ([attempt] counts from 1 within the current backoff cycle). */
    public class Connecting(
        /** The attempt number. */
        public val attempt: Int,
    ) : ConnectionState() {
        override fun toString(): String = "Connecting(attempt=$attempt)"
    }

    /** Connected; [settings] are what the broker negotiated. */
    public class Connected(
        /** The negotiated settings. */
        public val settings: NegotiatedSettings,
    ) : ConnectionState() {
        override fun toString(): String = "Connected(sessionPresent=${settings.sessionPresent})"
    }

    /** The connection was lost; the client waits [retryInMillis] before the next attempt. */
    public class WaitingToReconnect(
        /** Why the last connection or attempt ended. */
        public val cause: IotSdkException,
        /** The backoff delay before the next attempt. */
        public val retryInMillis: Long,
    ) : ConnectionState() {
        override fun toString(): String = "WaitingToReconnect(${retryInMillis}ms, cause=${cause.message})"
    }

    /** Closed for good by [IotMqttClient.close]. */
    public object Closed : ConnectionState() {
        override fun toString(): String = "Closed"
    }
}
