package dev.iotsdk.core

/** MQTT 5 retain handling: when the broker sends retained messages for a new subscription. */
public enum class RetainHandling {
    /** Send retained messages on every SUBSCRIBE (the default). */
    SEND,

    /** Send retained messages only if the subscription did not already exist. */
    SEND_IF_NEW,

    /** Never send retained messages on SUBSCRIBE. */
    DO_NOT_SEND,
}
