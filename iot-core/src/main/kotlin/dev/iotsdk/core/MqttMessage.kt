package dev.iotsdk.core

import dev.iotsdk.core.internal.ManualAck
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater

/**
 * An MQTT application message: what you publish, and what a subscription delivers.
 *
 * The payload array is owned by the message: it is not copied, so do not change it after handing it over.
 *
 * ```kotlin
 * client.publish(MqttMessage("sensors/t1", """{"t":21.5}""".encodeToByteArray(), Qos.AT_LEAST_ONCE))
 * ```
 */
public class MqttMessage @JvmOverloads constructor(
    /** The topic name (no wildcards). */
    public val topic: String,
    /** The payload bytes. */
    public val payload: ByteArray,
    /** The quality of service it was (or is to be) sent with. */
    public val qos: Qos = Qos.AT_LEAST_ONCE,
    /**
     * The retain flag: on publish, ask the broker to retain it; on receipt, whether it came from the retained store.
     */
    public val retain: Boolean = false,
    /** MQTT 5 properties; ignored on MQTT 3.1.1 connections. */
    public val properties: MessageProperties = MessageProperties.NONE,
) {
    /**
     * Set on a QoS 1 message delivered by an [Acknowledgement.MANUAL] subscription until acknowledged; taken atomically
     * (not under the message's monitor: that is the caller's object, which they may lock for their own reasons).
     */
    @Volatile internal var manualAck: ManualAck? = null

    /** The payload decoded as UTF-8. */
    public fun payloadAsString(): String = payload.decodeToString()

    /**
     * Acknowledges this message to the broker once you have processed it, when it is a QoS 1 message delivered by a
     * subscription opened with [Acknowledgement.MANUAL]. Thread-safe; returns true the first time, false when there
     * is nothing (left) to acknowledge: a message from any other subscription, QoS 0, or already acknowledged.
     *
     * ```kotlin
     * sub.messages.collect { message -> process(message); message.acknowledge() }
     * ```
     */
    public fun acknowledge(): Boolean {
        val ack = MANUAL_ACK.getAndSet(this, null) ?: return false
        ack.acknowledge()
        return true
    }

    override fun toString(): String =
        "MqttMessage(topic=$topic, qos=$qos, retain=$retain, payload=${payload.size} bytes)"

    /** Convenience constructors. */
    public companion object {
        private val MANUAL_ACK: AtomicReferenceFieldUpdater<MqttMessage, ManualAck?> =
            AtomicReferenceFieldUpdater.newUpdater(MqttMessage::class.java, ManualAck::class.java, "manualAck")

        /** A message with a UTF-8 text payload. */
        @JvmStatic
        @JvmOverloads
        public fun text(
            topic: String,
            text: String,
            qos: Qos = Qos.AT_LEAST_ONCE,
            retain: Boolean = false,
        ): MqttMessage = MqttMessage(topic, text.encodeToByteArray(), qos, retain)
    }
}
