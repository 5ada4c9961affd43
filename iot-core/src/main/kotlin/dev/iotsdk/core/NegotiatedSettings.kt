package dev.iotsdk.core

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
