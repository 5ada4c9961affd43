package dev.iotsdk.emulator.internal

/**
 * One of the emulator's AWS services (Device Shadow, Jobs, Fleet Provisioning…): it answers requests that devices
 * publish to reserved `$aws/` topics. The broker extension hands each matching publish to [onRequest] on a services
 * thread, in arrival order per connection (connections run concurrently, so services keep their state behind a
 * lock), after the publish was authorized and acknowledged; the service answers through [ServiceContext.publish].
 */
internal interface ReservedTopicService {
    /** Whether this service answers publishes on [topic]. */
    fun handles(topic: String): Boolean

    /** Handles one request. Never called on a broker thread; exceptions are logged and the next request goes on. */
    fun onRequest(request: ServiceRequest, context: ServiceContext)
}

/** A request a device published to a reserved topic. */
internal class ServiceRequest(
    /** The publishing client's id. */
    val clientId: String,
    /** The thing the connection is attached to (its certificate's thing), if any. */
    val thingName: String?,
    /** The topic published to. */
    val topic: String,
    /** The payload bytes. */
    val payload: ByteArray,
    /**
     * How many of this client's requests to the services were waiting or running when this one arrived (itself
     * included).
     */
    val inFlightOnConnection: Int = 1,
    /** Whether the connection is anonymous (the plain port): it authenticated nothing. */
    val anonymous: Boolean = false,
)

/** What a service may do in answer. */
internal interface ServiceContext {
    /** Publishes [payload] on [topic] (QoS 1 unless told) through the broker, subject to every subscriber's policy. */
    fun publish(topic: String, payload: ByteArray, qos: Int = 1)

    /**
     * Publishes [payload] on [topic] to the one connection of [clientId] only (if it subscribed to a matching filter),
     * like AWS IoT's answers that "don't pass through the message broker" (jobs) or go "through the same MQTT
     * connection used to publish the API request" (fleet provisioning: its answers carry private keys and tokens).
     */
    fun publishToClient(clientId: String, topic: String, payload: ByteArray, qos: Int = 1)
}
