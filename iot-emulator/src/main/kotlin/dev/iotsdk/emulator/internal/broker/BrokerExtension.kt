package dev.iotsdk.emulator.internal.broker

import com.hivemq.extension.sdk.api.ExtensionMain
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode
import com.hivemq.extension.sdk.api.packets.general.Qos
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput
import com.hivemq.extension.sdk.api.services.Services
import com.hivemq.extension.sdk.api.services.builder.Builders
import com.hivemq.extension.sdk.api.services.publish.Publish
import com.hivemq.extension.sdk.api.services.publish.RetainedMessageStore
import com.hivemq.extension.sdk.api.services.session.ClientService
import dev.iotsdk.emulator.internal.CustomAuthRunner
import dev.iotsdk.emulator.internal.ReservedTopicService
import dev.iotsdk.emulator.internal.ServiceContext
import org.slf4j.LoggerFactory
import java.nio.ByteBuffer
import java.util.concurrent.ExecutorService
import java.util.concurrent.ScheduledExecutorService
import java.util.concurrent.TimeUnit

/**
 * The HiveMQ extension that makes the broker behave like AWS IoT Core. It wires its parts into the broker:
 * [ConnectAuthenticator] (who connects), [SubscribeAuthorizer] and [InboundPublishCheck] (what they may do, limits,
 * reserved topics), [DeliveryCheck] (what they receive), [SessionLifecycle] (presence) and [ServiceDispatcher]
 * (the AWS services answering on reserved topics); and it publishes from the service side.
 *
 * HiveMQ's `Services` is static per class loader; with embedded extensions it is shared by every broker in the JVM,
 * so the services are captured in [extensionStart] (starts are serialised by [dev.iotsdk.emulator.IotEmulator]).
 */
internal class BrokerExtension(
    private val context: BrokerContext,
    private val authorizers: CustomAuthRunner,
    private val executor: ExecutorService,
    private val scheduler: ScheduledExecutorService,
) : ExtensionMain {
    private val log = LoggerFactory.getLogger(BrokerExtension::class.java)
    private val dispatcher = ServiceDispatcher(
        object : ServiceContext {
            override fun publish(topic: String, payload: ByteArray, qos: Int) = publishAsync(topic, payload, qos, null)

            override fun publishToClient(clientId: String, topic: String, payload: ByteArray, qos: Int) {
                // through the broker (HiveMQ's publishToClient takes ~10 ms a message), marked for [DeliveryCheck]
                // to deliver to [clientId] only
                publishAsync(topic, payload, qos, clientId)
            }
        },
    )

    /** The broker's client service (captured at start). */
    val clientService: ClientService get() = context.clientService

    /** The broker's own retained-message store (captured at start, like the other services). */
    @Volatile
    lateinit var retainedStore: RetainedMessageStore
        private set

    /** When the retained message of each topic was last stored (the data plane's lastModifiedTime). */
    val retainedTimes: RetainedTimes = RetainedTimes()

    /** Adds a service that answers requests on reserved topics (see [ReservedTopicService]). */
    fun addService(service: ReservedTopicService) {
        dispatcher.add(service)
    }

    /** Stops the services' threads (the emulator calls it on close). */
    fun stopServices() {
        dispatcher.stop()
    }

    override fun extensionStart(input: ExtensionStartInput, output: ExtensionStartOutput) {
        context.clientService = Services.clientService()
        context.publishService = Services.publishService()
        retainedStore = Services.retainedMessageStore()
        val authenticator = ConnectAuthenticator(context, authorizers, executor)
        val authorizer = SubscribeAuthorizer(context)
        Services.securityRegistry().setAuthenticatorProvider { authenticator }
        Services.securityRegistry().setAuthorizerProvider { authorizer }
        val connectInterceptor = KeepAliveClamp()
        Services.interceptorRegistry().setConnectInboundInterceptorProvider { connectInterceptor }
        val inbound = InboundPublishCheck(context, retainedTimes, dispatcher)
        val outbound = DeliveryCheck(context)
        val subscriptions = SubscriptionTracker(context)
        Services.initializerRegistry().setClientInitializer { _, initializer ->
            SubscriptionEvents(context).let {
                initializer.addSubscribeInboundInterceptor(it)
                initializer.addSubackOutboundInterceptor(it)
                initializer.addUnsubscribeInboundInterceptor(it)
                initializer.addUnsubackOutboundInterceptor(it)
            }
            initializer.addSubscribeInboundInterceptor(subscriptions)
            initializer.addUnsubscribeInboundInterceptor(subscriptions)
            initializer.addPublishInboundInterceptor(inbound)
            initializer.addPublishOutboundInterceptor(outbound)
        }
        val lifecycle = SessionLifecycle(context, scheduler)
        Services.eventRegistry().setClientLifecycleEventListener { lifecycle }
    }

    override fun extensionStop(input: ExtensionStopInput, output: ExtensionStopOutput) = Unit

    /**
     * Disconnects every connection authenticated with certificate [certificateId] (AWS IoT UpdateCertificate: "Within
     * a few minutes of updating a certificate from the ACTIVE state to any other state, AWS IoT disconnects all
     * devices that used that certificate to connect").
     */
    fun disconnectCertificate(certificateId: String) {
        if (!context.started) return
        context.table.sessions.values.filter { it.attributes.certificateId == certificateId }.forEach { session ->
            session.disconnectReason = "AUTH_ERROR"
            context.clientService.disconnectClient(
                session.clientId,
                false,
                DisconnectReasonCode.NOT_AUTHORIZED,
                "the certificate is no longer ACTIVE",
            )
        }
    }

    /** Publishes a fully built message (MQTT 5 properties included) and waits until the broker has taken it. */
    fun publish(message: Publish) {
        if (message.retain) retainedTimes.touch(message.topic)
        context.publishService.publish(message).get(PUBLISH_TIMEOUT_SECONDS, TimeUnit.SECONDS)
    }

    /**
     * Publishes without waiting for the broker's confirmation (services answer from their threads; waiting costs a
     * thread hop per message). The broker starts the delivery on this thread, so messages from one thread keep their
     * order. [recipient]: deliver to that client only (see [DeliveryCheck]).
     */
    fun publishAsync(topic: String, payload: ByteArray, qos: Int, recipient: String?) {
        val builder = Builders.publish().topic(topic).qos(qosOf(qos)).payload(ByteBuffer.wrap(payload))
        recipient?.let { builder.userProperty(RecipientMarker.PROPERTY, context.recipients.valueFor(it)) }
        context.publishService.publish(builder.build()).whenComplete { _, e ->
            if (e != null) log.warn("service message on {} not published: {}", topic, e.toString())
        }
    }

    /** Publishes [payload] on [topic] from the service side and waits until the broker has taken it. */
    fun publish(topic: String, payload: ByteArray, qos: Int, retain: Boolean) {
        publish(
            Builders.publish().topic(topic).qos(qosOf(qos)).retain(retain).payload(ByteBuffer.wrap(payload)).build(),
        )
    }

    private fun qosOf(qos: Int): Qos = if (qos == 0) Qos.AT_MOST_ONCE else Qos.AT_LEAST_ONCE

    private companion object {
        const val PUBLISH_TIMEOUT_SECONDS = 5L
    }
}
