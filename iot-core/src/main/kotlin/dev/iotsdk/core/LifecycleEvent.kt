package dev.iotsdk.core

import dev.iotsdk.common.IotSdkException

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
