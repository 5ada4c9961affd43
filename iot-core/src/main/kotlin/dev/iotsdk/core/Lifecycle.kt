package dev.iotsdk.core

import dev.iotsdk.model.IotClientException
import dev.iotsdk.model.IotSdkException

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

/** What the broker agreed to in its CONNACK (MQTT 5 values; MQTT 3.1.1 reports the requested ones). */
public class NegotiatedSettings(
    /** Whether the broker resumed a session (subscriptions and queued QoS 1 messages kept). */
    public val sessionPresent: Boolean,
    /** The client id in use (the broker may assign one). */
    public val clientId: String,
    /** The keep-alive in seconds the broker uses. */
    public val keepAliveSeconds: Int,
    /** The session expiry in seconds the broker uses. */
    public val sessionExpirySeconds: Long,
    /** The highest QoS the broker accepts. */
    public val maximumQos: Int,
    /** Whether the broker supports retained messages. */
    public val retainAvailable: Boolean,
    /** The broker's receive maximum (our in-flight QoS 1 publishes). */
    public val serverReceiveMaximum: Int,
    /** The largest packet the broker accepts, in bytes. */
    public val maximumPacketSize: Long,
    /** Whether shared subscriptions are available. */
    public val sharedSubscriptionsAvailable: Boolean,
    /** Whether wildcard subscriptions are available. */
    public val wildcardSubscriptionsAvailable: Boolean,
    /** The protocol version of the connection. */
    public val mqttVersion: MqttVersion,
) {
    override fun toString(): String =
        "NegotiatedSettings(sessionPresent=$sessionPresent, clientId=$clientId, keepAlive=$keepAliveSeconds, " +
            "sessionExpiry=$sessionExpirySeconds, maxQos=$maximumQos, receiveMaximum=$serverReceiveMaximum, " +
            "$mqttVersion)"
}

/** Lifecycle events, as [IotMqttClient.events] emits them. */
public sealed class LifecycleEvent {
    /** A connection attempt starts. */
    public class AttemptingConnect(
        /** The attempt number within the current backoff cycle. */
        public val attempt: Int,
        /** The host connected to. */
        public val endpoint: String,
        /** The port connected to. */
        public val port: Int,
    ) : LifecycleEvent() {
        override fun toString(): String = "AttemptingConnect(#$attempt $endpoint:$port)"
    }

    /** A connection was established. */
    public class ConnectionSuccess(
        /** The negotiated settings. */
        public val settings: NegotiatedSettings,
    ) : LifecycleEvent() {
        override fun toString(): String = "ConnectionSuccess($settings)"
    }

    /** An attempt failed; [cause] is typed ([ConnectionRefusedException] carries the CONNACK reason). */
    public class ConnectionFailure(
        /** Why it failed. */
        public val cause: IotSdkException,
    ) : LifecycleEvent() {
        override fun toString(): String = "ConnectionFailure(${cause.message})"
    }

    /** An established connection ended. */
    public class Disconnection(
        /** Why it ended. */
        public val cause: IotSdkException,
        /** The server's DISCONNECT reason code (MQTT 5), when the server sent one. */
        public val reasonCode: Int?,
        /** The server's DISCONNECT reason string, if any. */
        public val reasonString: String?,
    ) : LifecycleEvent() {
        override fun toString(): String = "Disconnection(reason=$reasonCode, cause=${cause.message})"
    }

    /** The client stopped (after [IotMqttClient.disconnect] or [IotMqttClient.close]). */
    public object Stopped : LifecycleEvent() {
        override fun toString(): String = "Stopped"
    }
}

/** A connection that ended after it was established. [reasonCode] is the server's DISCONNECT reason, if any. */
public class ConnectionClosedException(
    message: String,
    /** The server's DISCONNECT reason code (MQTT 5), when there was one. */
    public val reasonCode: Int? = null,
    cause: Throwable? = null,
) : IotClientException(message, cause, isRetryable = true)
