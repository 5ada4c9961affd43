package dev.iotsdk.emulator

/**
 * Something that happened inside the emulator, observable through [IotEmulator.events] and
 * [IotEmulator.awaitEvent]. Events are test diagnostics: fields may be added in later versions.
 *
 * Listener names: [LISTENER_MTLS] (the "8883" port), [LISTENER_443] (the ALPN-routing port, MQTT and WebSocket),
 * [LISTENER_8443] (HTTPS with a client certificate), [LISTENER_PLAIN] (plain MQTT without TLS).
 */
public sealed interface EmulatorEvent {
    /** Listener names. */
    public companion object {
        /** The mutual-TLS MQTT port (the "8883" role). */
        public const val LISTENER_MTLS: String = "mtls"

        /** The ALPN-routing port (the "443" role). */
        public const val LISTENER_443: String = "443"

        /** HTTPS with a client certificate (the "8443" role: Greengrass discovery). */
        public const val LISTENER_8443: String = "8443"

        /** Plain MQTT over TCP without TLS. */
        public const val LISTENER_PLAIN: String = "plain"
    }

    /**
     * An MQTT client connected (CONNECT accepted).
     * [transport] is `mqtt` or `websocket`; [authentication] is `certificate`, `sigv4`, `custom-authorizer` or
     * `anonymous`; [username] has its query string (authorizer parameters, SDK metrics) removed.
     */
    public data class ClientConnected(
        /** The MQTT client id. */
        val clientId: String,
        /** The listener name. */
        val listener: String,
        /** The ALPN protocol negotiated on the TLS connection, `null` when none. */
        val alpn: String?,
        /** The thing bound to the client certificate, when there is one. */
        val thingName: String?,
        /** 3 for MQTT 3.1.1 (and 3.1), 5 for MQTT 5. */
        val mqttVersion: Int,
        /** The user name without its query string. */
        val username: String?,
        /** `mqtt` or `websocket`. */
        val transport: String,
        /** How the client authenticated. */
        val authentication: String,
        /** The principal: certificate id, access key id, authorizer principal id or `anonymous`. */
        val principal: String,
        /** The metadata parsed from the username query (`SDK`, `Version`, ...), authorizer parameters removed. */
        val usernameMetadata: Map<String, String>,
    ) : EmulatorEvent

    /**
     * An MQTT client disconnected; [reason] uses the AWS lifecycle-event `disconnectReason` vocabulary:
     * `CLIENT_INITIATED_DISCONNECT`, `CONNECTION_LOST`, `DUPLICATE_CLIENTID`, `AUTH_ERROR` (policy violation),
     * `CLIENT_ERROR` (e.g. payload over 128 KB), `MQTT_KEEP_ALIVE_TIMEOUT`, `API_INITIATED_DISCONNECT`
     * ([IotEmulator.disconnectClient]), `CUSTOMAUTH_TTL_EXPIRATION`, `SERVER_INITIATED_DISCONNECT`.
     */
    public data class ClientDisconnected(
        /** The MQTT client id. */
        val clientId: String,
        /** Why. */
        val reason: String,
    ) : EmulatorEvent

    /** A connection was refused before or at MQTT CONNECT (TLS failure, HTTP 403, CONNACK failure). */
    public data class ConnectionRefused(
        /** The listener name. */
        val listener: String,
        /** Why (never contains secrets). */
        val reason: String,
        /** The client id, when the refusal happened at CONNECT. */
        val clientId: String? = null,
    ) : EmulatorEvent

    /** A client published a message that the broker accepted. */
    public data class MessagePublished(
        /** The publishing client. */
        val clientId: String,
        /** The topic. */
        val topic: String,
        /** The QoS (0 or 1). */
        val qos: Int,
        /** The retain flag. */
        val retain: Boolean,
        /** The payload size in bytes. */
        val payloadSize: Int,
    ) : EmulatorEvent

    /** A policy denied an action; [action] is e.g. `iot:Publish`, [resource] the ARN checked. */
    public data class AuthorizationDenied(
        /** The MQTT client id; for an HTTPS call (which has none), the caller's certificate id. */
        val clientId: String,
        /** The IoT action. */
        val action: String,
        /** The resource ARN. */
        val resource: String,
    ) : EmulatorEvent
}
