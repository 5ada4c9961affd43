package dev.iotsdk.core

/** The MQTT protocol version a client speaks. */
public enum class MqttVersion {
    /** MQTT 3.1.1. */
    MQTT_3_1_1,

    /** MQTT 5 (the default): reason codes, properties, session expiry. */
    MQTT_5,
}
