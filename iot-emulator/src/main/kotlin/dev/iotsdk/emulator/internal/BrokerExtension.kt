package dev.iotsdk.emulator.internal

import com.hivemq.extension.sdk.api.ExtensionMain
import com.hivemq.extension.sdk.api.async.TimeoutFallback
import com.hivemq.extension.sdk.api.auth.PublishAuthorizer
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerOutput
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput
import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation
import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput
import com.hivemq.extension.sdk.api.events.client.parameters.ClientInitiatedDisconnectInput
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionLostInput
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput
import com.hivemq.extension.sdk.api.events.client.parameters.ServerInitiatedDisconnectInput
import com.hivemq.extension.sdk.api.interceptor.connect.ConnectInboundInterceptor
import com.hivemq.extension.sdk.api.interceptor.connect.parameter.ConnectInboundInput
import com.hivemq.extension.sdk.api.interceptor.connect.parameter.ConnectInboundOutput
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor
import com.hivemq.extension.sdk.api.interceptor.publish.PublishOutboundInterceptor
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundInput
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundOutput
import com.hivemq.extension.sdk.api.interceptor.subscribe.SubscribeInboundInterceptor
import com.hivemq.extension.sdk.api.interceptor.subscribe.parameter.SubscribeInboundInput
import com.hivemq.extension.sdk.api.interceptor.subscribe.parameter.SubscribeInboundOutput
import com.hivemq.extension.sdk.api.interceptor.unsubscribe.UnsubscribeInboundInterceptor
import com.hivemq.extension.sdk.api.interceptor.unsubscribe.parameter.UnsubscribeInboundInput
import com.hivemq.extension.sdk.api.interceptor.unsubscribe.parameter.UnsubscribeInboundOutput
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode
import com.hivemq.extension.sdk.api.packets.general.DisconnectedReasonCode
import com.hivemq.extension.sdk.api.packets.general.MqttVersion
import com.hivemq.extension.sdk.api.packets.general.Qos
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput
import com.hivemq.extension.sdk.api.services.Services
import com.hivemq.extension.sdk.api.services.builder.Builders
import com.hivemq.extension.sdk.api.services.publish.PublishService
import com.hivemq.extension.sdk.api.services.publish.RetainedMessageStore
import com.hivemq.extension.sdk.api.services.session.ClientService
import dev.iotsdk.emulator.EmulatorEvent
import io.netty.channel.Channel
import kotlinx.serialization.json.JsonObjectBuilder
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import org.slf4j.LoggerFactory
import java.net.InetSocketAddress
import java.nio.ByteBuffer
import java.time.Duration
import java.util.Base64
import java.util.UUID
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import java.util.concurrent.RejectedExecutionException
import java.util.concurrent.ScheduledExecutorService
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

/**
 * The HiveMQ extension that makes the broker behave like AWS IoT Core: authentication from the front door's
 * connection attributes (or a custom authorizer at CONNECT), policy authorization, limits, presence events.
 *
 * HiveMQ's `Services` is static per class loader; with embedded extensions it is shared by every broker in the JVM,
 * so the services are captured in [extensionStart] (starts are serialised by [dev.iotsdk.emulator.IotEmulator]).
 */
internal class BrokerExtension(
    private val region: String,
    private val accountId: String,
    private val registry: Registry,
    private val table: ConnectionTable,
    private val events: EventBus,
    private val authorizers: CustomAuthRunner,
    private val executor: ExecutorService,
    private val scheduler: ScheduledExecutorService,
) : ExtensionMain {
    private val log = LoggerFactory.getLogger(BrokerExtension::class.java)
    private val services = CopyOnWriteArrayList<ReservedTopicService>()
    private val serviceThread: ExecutorService = Executors.newSingleThreadExecutor { r ->
        Thread(r, "iot-emulator-services").apply { isDaemon = true }
    }

    /** Service requests waiting or running, by connection (session id): the shadow service's in-flight count. */
    private val queuedRequests = ConcurrentHashMap<String, AtomicInteger>()
    private val serviceContext = object : ServiceContext {
        override fun publish(topic: String, payload: ByteArray, qos: Int) = publishAsync(topic, payload, qos, null)

        override fun publishToClient(clientId: String, topic: String, payload: ByteArray, qos: Int) {
            // through the broker (HiveMQ's publishToClient takes ~10 ms a message), marked for [ReceiveCheck] to
            // deliver to [clientId] only
            publishAsync(topic, payload, qos, clientId)
        }
    }

    /** Adds a service that answers requests on reserved topics (see [ReservedTopicService]). */
    fun addService(service: ReservedTopicService) {
        services += service
    }

    /** Stops the services' thread (the emulator calls it on close). */
    fun stopServices() {
        serviceThread.shutdownNow()
    }

    private fun dispatchToServices(session: ClientSession, topic: String, payload: ByteArray) {
        val handlers = services.filter { it.handles(topic) }
        if (handlers.isEmpty()) return
        val pending = queuedRequests.computeIfAbsent(session.sessionId) { AtomicInteger() }
        val request =
            ServiceRequest(session.clientId, session.attributes.thingName, topic, payload, pending.incrementAndGet())
        try {
            serviceThread.execute {
                try {
                    handlers.forEach { s ->
                        try {
                            s.onRequest(request, serviceContext)
                        } catch (e: RuntimeException) {
                            log.warn("service {} failed on {}: {}", s.javaClass.simpleName, topic, e.toString())
                        }
                    }
                } finally {
                    if (pending.decrementAndGet() == 0) queuedRequests.remove(session.sessionId, pending)
                }
            }
        } catch (e: RejectedExecutionException) {
            log.debug("emulator closing; request on {} dropped", topic)
        }
    }

    @Volatile
    lateinit var clientService: ClientService
        private set

    @Volatile
    private lateinit var publishService: PublishService

    /** The broker's own retained-message store (captured at start, like the other services). */
    @Volatile
    lateinit var retainedStore: RetainedMessageStore
        private set

    /**
     * When the retained message of each topic was last stored, epoch milliseconds (the data plane's lastModifiedTime).
     */
    val retainedModified: ConcurrentHashMap<String, Long> = ConcurrentHashMap()

    override fun extensionStart(input: ExtensionStartInput, output: ExtensionStartOutput) {
        clientService = Services.clientService()
        publishService = Services.publishService()
        retainedStore = Services.retainedMessageStore()
        val authenticator = Authenticator()
        val authorizer = Authorizer()
        Services.securityRegistry().setAuthenticatorProvider { authenticator }
        Services.securityRegistry().setAuthorizerProvider { authorizer }
        val connectInterceptor = KeepAliveClamp()
        Services.interceptorRegistry().setConnectInboundInterceptorProvider { connectInterceptor }
        val inbound = PayloadLimit()
        val outbound = ReceiveCheck()
        val qosCap = SubscriptionQosCap()
        val unsubscribes = UnsubscribeTracker()
        Services.initializerRegistry().setClientInitializer { _, context ->
            context.addSubscribeInboundInterceptor(qosCap)
            context.addUnsubscribeInboundInterceptor(unsubscribes)
            context.addPublishInboundInterceptor(inbound)
            context.addPublishOutboundInterceptor(outbound)
        }
        val lifecycle = Lifecycle()
        Services.eventRegistry().setClientLifecycleEventListener { lifecycle }
    }

    override fun extensionStop(input: ExtensionStopInput, output: ExtensionStopOutput) = Unit

    // ---------------------------------------------------------------------------------------------------------------
    // helpers

    private fun sessionOf(connection: ConnectionInformation): ClientSession? =
        connection.connectionAttributeStore.getAsString(SESSION_KEY).orElse(null)?.let { table.sessions[it] }

    private fun arn(kind: String, name: String) = "arn:aws:iot:$region:$accountId:$kind/$name"

    private fun policiesFor(attributes: ConnectionAttributes, authorizer: AuthorizerOutcome?): List<Policy> {
        val targets = listOfNotNull(attributes.certificateId, attributes.accessKeyId, authorizer?.principalId)
        val policies = registry.attachedPolicies(targets) + authorizer?.policies.orEmpty()
        return policies.ifEmpty { listOf(registry.defaultPolicy) }
    }

    private fun isAllowed(session: ClientSession, action: String, resource: String): Boolean {
        val variables = PolicyVariables(
            session.clientId,
            session.attributes.thingName,
            session.attributes.thingName != null,
        )
        val allowed = PolicyEvaluator.isAllowed(
            policiesFor(session.attributes, session.authorizer),
            action,
            resource,
            variables,
        )
        if (!allowed) events.emit(EmulatorEvent.AuthorizationDenied(session.clientId, action, resource))
        return allowed
    }

    private fun versionOf(version: MqttVersion): Int = if (version == MqttVersion.V_5) 5 else 3

    // ---------------------------------------------------------------------------------------------------------------

    private inner class KeepAliveClamp : ConnectInboundInterceptor {
        override fun onConnect(input: ConnectInboundInput, output: ConnectInboundOutput) {
            val packet = output.connectPacket
            val requested = packet.keepAlive
            // MQTT 5 above 1200 is handled by the broker's max-keep-alive, which tells the client in CONNACK
            val v5 = packet.mqttVersion == MqttVersion.V_5
            val clamped = when {
                requested == 0 -> MAX_KEEP_ALIVE
                requested > MAX_KEEP_ALIVE && !v5 -> MAX_KEEP_ALIVE
                requested in 1 until MIN_KEEP_ALIVE -> MIN_KEEP_ALIVE
                requested < MIN_KEEP_ALIVE -> MIN_KEEP_ALIVE
                else -> requested
            }
            if (clamped != requested) packet.keepAlive = clamped
        }
    }

    private inner class Authenticator : SimpleAuthenticator {
        override fun onConnect(input: SimpleAuthInput, output: SimpleAuthOutput) {
            val connection = input.connectionInformation
            val connect = input.connectPacket
            val clientId = connect.clientId
            val listenerName = connection.listener.map { it.name }.orElse("")
            val attributes: ConnectionAttributes? = when (listenerName) {
                BrokerConfig.PLAIN_LISTENER -> ConnectionAttributes(
                    EmulatorEvent.LISTENER_PLAIN,
                    "mqtt",
                    null,
                    AuthMode.ANONYMOUS,
                )
                BrokerConfig.INTERNAL_TCP_LISTENER, BrokerConfig.INTERNAL_WS_LISTENER ->
                    remotePort(connection)?.let { table.forwarded[it] }
                else -> null
            }
            if (attributes == null) {
                refuse(output, EmulatorEvent.LISTENER_443, clientId, "connection not known to the front door")
                return
            }
            if (clientId.length > MAX_CLIENT_ID_BYTES || clientId.toByteArray().size > MAX_CLIENT_ID_BYTES) {
                refuse(
                    output,
                    attributes.listener,
                    clientId,
                    "client id longer than 128 bytes",
                    ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
                )
                return
            }
            if (attributes.authMode != AuthMode.AUTHORIZER_AT_CONNECT) {
                complete(input, output, attributes, attributes.authorizer)
                return
            }
            val async = output.async(
                Duration.ofSeconds(AUTHORIZER_TIMEOUT_SECONDS),
                TimeoutFallback.FAILURE,
                ConnackReasonCode.NOT_AUTHORIZED,
                "authorizer timed out",
            )
            val (_, params) = splitUsername(connect.userName.orElse(null))
            val password = connect.password.orElse(null)?.let { Base64.getEncoder().encodeToString(it.toBytes()) }
            executor.execute {
                try {
                    val outcome = authorizers.authorize(
                        params = params,
                        protocols = if (attributes.transport ==
                            "websocket"
                        ) {
                            listOf("tls", "http", "mqtt")
                        } else {
                            listOf("tls", "mqtt")
                        },
                        serverName = attributes.serverName,
                        clientId = clientId,
                        username = connect.userName.orElse(null),
                        passwordBase64 = password,
                        headers = emptyMap(),
                        queryString = null,
                        connectionId = UUID.randomUUID().toString(),
                    )
                    complete(input, output, attributes, outcome)
                } catch (e: CustomAuthFailure) {
                    refuse(output, attributes.listener, clientId, e.message ?: "custom authorizer refused")
                } catch (e: RuntimeException) {
                    log.warn("custom authorization failed", e)
                    refuse(output, attributes.listener, clientId, "custom authorizer error")
                } finally {
                    async.resume()
                }
            }
        }

        private fun complete(
            input: SimpleAuthInput,
            output: SimpleAuthOutput,
            attributes: ConnectionAttributes,
            authorizer: AuthorizerOutcome?,
        ) {
            val connect = input.connectPacket
            val clientId = connect.clientId
            val connection = input.connectionInformation
            val principal = attributes.certificateId ?: attributes.accessKeyId ?: authorizer?.principalId ?: "anonymous"
            val (user, params) = splitUsername(connect.userName.orElse(null))
            val tokenKeys = registry.authorizers.values.map { it.tokenKeyName }
            val metadata = params.filterKeys { !CustomAuthRunner.isAuthorizerParam(it, tokenKeys) }
            val session = ClientSession(
                sessionId = UUID.randomUUID().toString().replace("-", ""),
                clientId = clientId,
                attributes = attributes,
                mqttVersion = versionOf(connect.mqttVersion),
                ipAddress = connection.inetAddress.map { it.hostAddress }.orElse(null),
                versionNumber = 0,
                principal = principal,
                authorizer = authorizer,
                username = user,
                usernameMetadata = metadata,
            )
            if (!isAllowed(session, "iot:Connect", arn("client", clientId))) {
                refuse(output, attributes.listener, clientId, "iot:Connect denied by policy")
                return
            }
            val withVersion = ClientSession(
                session.sessionId, clientId, attributes, session.mqttVersion, session.ipAddress,
                table.nextVersion(clientId), principal, authorizer, user, metadata,
            )
            table.sessions[withVersion.sessionId] = withVersion
            connection.connectionAttributeStore.putAsString(SESSION_KEY, withVersion.sessionId)
            output.authenticateSuccessfully()
        }

        private fun refuse(
            output: SimpleAuthOutput,
            listener: String,
            clientId: String,
            reason: String,
            code: ConnackReasonCode = ConnackReasonCode.NOT_AUTHORIZED,
        ) {
            events.emit(EmulatorEvent.ConnectionRefused(listener, reason, clientId))
            output.failAuthentication(code, reason)
        }
    }

    private inner class Authorizer :
        PublishAuthorizer,
        SubscriptionAuthorizer {
        /**
         * Publishes are authorized in [PayloadLimit] (an inbound interceptor): HiveMQ CE force-fails every later
         * publish of a connection once an authorizer has failed one, which would break MQTT 5's PUBACK semantics.
         */
        override fun authorizePublish(input: PublishAuthorizerInput, output: PublishAuthorizerOutput) {
            output.authorizeSuccessfully()
        }

        override fun authorizeSubscribe(input: SubscriptionAuthorizerInput, output: SubscriptionAuthorizerOutput) {
            val session = sessionOf(input.connectionInformation)
            if (session == null) {
                output.disconnectClient(DisconnectReasonCode.NOT_AUTHORIZED, "unknown session")
                return
            }
            val filter = input.subscription.topicFilter
            val problem = Topics.filterProblem(filter)
            if (problem != null) {
                events.emit(
                    EmulatorEvent.AuthorizationDenied(session.clientId, "iot:Subscribe", arn("topicfilter", filter)),
                )
                if (session.mqttVersion == 5) {
                    output.failAuthorization(SubackReasonCode.TOPIC_FILTER_INVALID, problem)
                } else {
                    output.disconnectClient(DisconnectReasonCode.TOPIC_FILTER_INVALID, problem)
                }
                return
            }
            if (!isAllowed(session, "iot:Subscribe", arn("topicfilter", filter))) {
                if (session.mqttVersion ==
                    5
                ) {
                    output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED, "iot:Subscribe denied")
                } else {
                    output.disconnectClient(DisconnectReasonCode.NOT_AUTHORIZED, "iot:Subscribe denied")
                }
                return
            }
            val quota = when {
                session.oversizedSubscribe.remove(
                    filter,
                ) -> "more than $MAX_FILTERS_PER_SUBSCRIBE subscriptions in one SUBSCRIBE"
                filter !in session.subscriptions && session.subscriptions.size >= MAX_SUBSCRIPTIONS ->
                    "more than $MAX_SUBSCRIPTIONS subscriptions on one connection"
                else -> null
            }
            if (quota != null) {
                if (session.mqttVersion == 5) {
                    output.failAuthorization(SubackReasonCode.QUOTA_EXCEEDED, quota)
                } else {
                    session.disconnectReason = "CLIENT_ERROR"
                    output.disconnectClient(DisconnectReasonCode.QUOTA_EXCEEDED, quota)
                }
                return
            }
            session.subscriptions += filter
            output.authorizeSuccessfully()
        }
    }

    /** Payload size, topic limits and `iot:Publish` for every inbound PUBLISH. */
    private inner class PayloadLimit : PublishInboundInterceptor {
        override fun onInboundPublish(input: PublishInboundInput, output: PublishInboundOutput) {
            val packet = input.publishPacket
            val clientId = input.clientInformation.clientId
            val session = sessionOf(input.connectionInformation)
            if (session == null) {
                output.preventPublishDelivery(AckReasonCode.NOT_AUTHORIZED, "unknown session")
                clientService.disconnectClient(clientId, false, DisconnectReasonCode.NOT_AUTHORIZED, "unknown session")
                return
            }
            val size = packet.payload.map { it.remaining() }.orElse(0)
            if (size > MAX_PAYLOAD_BYTES) {
                output.preventPublishDelivery(AckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR, "payload exceeds 128 KB")
                session.disconnectReason = "CLIENT_ERROR"
                clientService.disconnectClient(
                    clientId,
                    false,
                    DisconnectReasonCode.PACKET_TOO_LARGE,
                    "payload exceeds 128 KB",
                )
                return
            }
            val topic = packet.topic
            val problem = Topics.publishProblem(topic)
            if (problem != null) {
                events.emit(EmulatorEvent.AuthorizationDenied(clientId, "iot:Publish", arn("topic", topic)))
                deny(
                    session,
                    output,
                    AckReasonCode.TOPIC_NAME_INVALID,
                    DisconnectReasonCode.TOPIC_NAME_INVALID,
                    problem,
                )
                return
            }
            if (!isAllowed(session, "iot:Publish", arn("topic", topic))) {
                deny(
                    session,
                    output,
                    AckReasonCode.NOT_AUTHORIZED,
                    DisconnectReasonCode.NOT_AUTHORIZED,
                    "iot:Publish denied",
                )
                return
            }
            if (topic.startsWith("$")) {
                // HiveMQ CE disconnects clients publishing to '$' topics; AWS IoT devices must publish to $aws/...
                // (shadow, jobs, basic ingest). Such publishes are acknowledged here and re-published by the extension.
                if (!topic.startsWith("\$aws/") || packet.retain) {
                    deny(
                        session,
                        output,
                        AckReasonCode.TOPIC_NAME_INVALID,
                        DisconnectReasonCode.TOPIC_NAME_INVALID,
                        "reserved topic",
                    )
                    return
                }
                events.emit(EmulatorEvent.MessagePublished(clientId, topic, packet.qos.qosNumber, packet.retain, size))
                output.preventPublishDelivery(AckReasonCode.SUCCESS)
                try {
                    publishService.publish(Builders.publish().fromPublish(packet).build())
                } catch (e: RuntimeException) {
                    log.debug("re-publishing a reserved-topic message failed", e)
                }
                val bytes = packet.payload.map { buf ->
                    ByteArray(buf.remaining()).also { buf.duplicate().get(it) }
                }.orElse(ByteArray(0))
                dispatchToServices(session, topic, bytes)
                return
            }
            if (packet.retain) retainedModified[topic] = System.currentTimeMillis()
            events.emit(EmulatorEvent.MessagePublished(clientId, topic, packet.qos.qosNumber, packet.retain, size))
        }

        /** MQTT 5: PUBACK with [ack] (QoS 1) and the connection stays; MQTT 3.1.1: the connection is closed. */
        private fun deny(
            session: ClientSession,
            output: PublishInboundOutput,
            ack: AckReasonCode,
            disconnect: DisconnectReasonCode,
            reason: String,
        ) {
            output.preventPublishDelivery(ack, reason)
            if (session.mqttVersion != 5) {
                session.disconnectReason = "AUTH_ERROR"
                clientService.disconnectClient(session.clientId, false, disconnect, reason)
            }
        }
    }

    /**
     * AWS IoT grants at most QoS 1: QoS 2 subscriptions are downgraded before the broker answers SUBACK. A SUBSCRIBE
     * with more than 8 filters is marked here and refused filter by filter in the authorizer.
     */
    private inner class SubscriptionQosCap : SubscribeInboundInterceptor {
        override fun onInboundSubscribe(input: SubscribeInboundInput, output: SubscribeInboundOutput) {
            val subscriptions = output.subscribePacket.subscriptions
            subscriptions.forEach { if (it.qos == Qos.EXACTLY_ONCE) it.qos = Qos.AT_LEAST_ONCE }
            if (subscriptions.size > MAX_FILTERS_PER_SUBSCRIBE) {
                sessionOf(input.connectionInformation)?.oversizedSubscribe?.addAll(subscriptions.map { it.topicFilter })
            }
        }
    }

    private inner class UnsubscribeTracker : UnsubscribeInboundInterceptor {
        override fun onInboundUnsubscribe(input: UnsubscribeInboundInput, output: UnsubscribeInboundOutput) {
            sessionOf(
                input.connectionInformation,
            )?.subscriptions?.removeAll(input.unsubscribePacket.topicFilters.toSet())
        }
    }

    private inner class ReceiveCheck : PublishOutboundInterceptor {
        override fun onOutboundPublish(input: PublishOutboundInput, output: PublishOutboundOutput) {
            val recipient = input.publishPacket.userProperties.getFirst(RECIPIENT_PROPERTY).orElse(null)
            val session = sessionOf(input.connectionInformation)
            if (recipient != null) {
                if (session == null || session.clientId != recipient) {
                    output.preventPublishDelivery()
                    return
                }
                output.publishPacket.userProperties.removeName(RECIPIENT_PROPERTY)
            }
            if (session == null) return
            val topic = input.publishPacket.topic
            if (matchedOnlyAsParent(session, topic)) {
                output.preventPublishDelivery()
                return
            }
            if (!isAllowed(session, "iot:Receive", arn("topic", topic))) output.preventPublishDelivery()
        }

        /**
         * AWS IoT: `a/#` does not match `a`. The broker follows MQTT, so a delivery is dropped when only such a
         * parent match explains it among the filters subscribed on this connection (subscriptions restored from a
         * persistent session are not known here and never cause a drop).
         */
        private fun matchedOnlyAsParent(session: ClientSession, topic: String): Boolean {
            val filters = session.subscriptions
            if (filters.isEmpty()) return false
            val parentMatch = filters.any {
                it.endsWith("#") &&
                    Topics.matches(it, topic, awsRules = false) &&
                    !Topics.matches(it, topic, awsRules = true)
            }
            return parentMatch && filters.none { Topics.matches(it, topic, awsRules = true) }
        }
    }

    private inner class Lifecycle : ClientLifecycleEventListener {
        override fun onMqttConnectionStart(input: ConnectionStartInput) = Unit

        override fun onAuthenticationSuccessful(input: AuthenticationSuccessfulInput) {
            val session = sessionOf(input.connectionInformation) ?: return
            table.sessionByClientId[session.clientId] = session.sessionId
            events.emit(
                EmulatorEvent.ClientConnected(
                    clientId = session.clientId,
                    listener = session.attributes.listener,
                    alpn = session.attributes.alpn,
                    thingName = session.attributes.thingName,
                    mqttVersion = session.mqttVersion,
                    username = session.username,
                    transport = session.attributes.transport,
                    authentication = session.attributes.authMode.label,
                    principal = session.principal,
                    usernameMetadata = session.usernameMetadata,
                ),
            )
            presence("connected", session) {
                put("ipAddress", session.ipAddress ?: "127.0.0.1")
            }
            session.authorizer?.disconnectAfterSeconds?.let { seconds ->
                scheduler.schedule({
                    if (table.sessions.containsKey(session.sessionId)) {
                        session.disconnectReason = "CUSTOMAUTH_TTL_EXPIRATION"
                        clientService.disconnectClient(
                            session.clientId,
                            false,
                            DisconnectReasonCode.NOT_AUTHORIZED,
                            "disconnectAfterInSeconds elapsed",
                        )
                    }
                }, seconds.toLong(), TimeUnit.SECONDS)
            }
        }

        override fun onClientInitiatedDisconnect(input: ClientInitiatedDisconnectInput) =
            ended(input, "CLIENT_INITIATED_DISCONNECT")

        override fun onConnectionLost(input: ConnectionLostInput) = ended(input, "CONNECTION_LOST")

        override fun onServerInitiatedDisconnect(input: ServerInitiatedDisconnectInput) {
            val reason = when (input.reasonCode.orElse(null)) {
                DisconnectedReasonCode.SESSION_TAKEN_OVER -> "DUPLICATE_CLIENTID"
                DisconnectedReasonCode.NOT_AUTHORIZED -> "AUTH_ERROR"
                DisconnectedReasonCode.KEEP_ALIVE_TIMEOUT -> "MQTT_KEEP_ALIVE_TIMEOUT"
                DisconnectedReasonCode.PACKET_TOO_LARGE -> "CLIENT_ERROR"
                else -> "SERVER_INITIATED_DISCONNECT"
            }
            ended(input, reason)
        }

        override fun onDisconnect(input: DisconnectEventInput) = ended(input, "SERVER_INITIATED_DISCONNECT")

        private fun ended(input: DisconnectEventInput, defaultReason: String) {
            val session = sessionOf(input.connectionInformation) ?: return
            if (table.sessions.remove(session.sessionId) == null) return
            table.sessionByClientId.remove(session.clientId, session.sessionId)
            val reason = session.disconnectReason ?: defaultReason
            events.emit(EmulatorEvent.ClientDisconnected(session.clientId, reason))
            presence("disconnected", session) {
                put("clientInitiatedDisconnect", reason == "CLIENT_INITIATED_DISCONNECT")
                put("disconnectReason", reason)
            }
        }
    }

    /** Publishes a fully built message (MQTT 5 properties included) and waits until the broker has taken it. */
    fun publish(message: com.hivemq.extension.sdk.api.services.publish.Publish) {
        if (message.retain) retainedModified[message.topic] = System.currentTimeMillis()
        publishService.publish(message).get(5, TimeUnit.SECONDS)
    }

    /**
     * Publishes without waiting for the broker's confirmation (services answer from one thread; waiting costs a
     * thread hop per message). The broker starts the delivery on this thread, so messages from one thread keep their
     * order. [recipient]: deliver to that client only (see [ReceiveCheck]).
     */
    fun publishAsync(topic: String, payload: ByteArray, qos: Int, recipient: String?) {
        val builder = Builders.publish().topic(topic).qos(if (qos == 0) Qos.AT_MOST_ONCE else Qos.AT_LEAST_ONCE)
            .payload(ByteBuffer.wrap(payload))
        recipient?.let { builder.userProperty(RECIPIENT_PROPERTY, it) }
        publishService.publish(builder.build()).whenComplete { _, e ->
            if (e != null) log.warn("service message on {} not published: {}", topic, e.toString())
        }
    }

    fun publish(topic: String, payload: ByteArray, qos: Int, retain: Boolean) {
        if (retain) retainedModified[topic] = System.currentTimeMillis()
        publishService.publish(
            Builders.publish().topic(topic).qos(if (qos == 0) Qos.AT_MOST_ONCE else Qos.AT_LEAST_ONCE).retain(retain)
                .payload(ByteBuffer.wrap(payload)).build(),
        ).get(5, TimeUnit.SECONDS)
    }

    private fun presence(type: String, session: ClientSession, extra: JsonObjectBuilder.() -> Unit) {
        val json = buildJsonObject {
            put("clientId", session.clientId)
            put("timestamp", System.currentTimeMillis())
            put("eventType", type)
            put("sessionIdentifier", session.sessionId)
            put("principalIdentifier", session.principal)
            extra()
            put("versionNumber", session.versionNumber)
        }
        val topic = "\$aws/events/presence/$type/${session.clientId}"
        try {
            publishService.publish(
                Builders.publish().topic(topic).qos(Qos.AT_LEAST_ONCE)
                    .payload(ByteBuffer.wrap(json.toString().toByteArray(Charsets.UTF_8))).build(),
            )
        } catch (e: RuntimeException) {
            log.debug("presence event not published", e)
        }
    }

    companion object {
        private const val SESSION_KEY = "iotsdk.emulator.session"

        /** Marks a service answer for one connection (removed before delivery). */
        private const val RECIPIENT_PROPERTY = "iotsdk-emulator-recipient"
        const val MAX_PAYLOAD_BYTES: Int = 128 * 1024
        private const val MAX_CLIENT_ID_BYTES = 128
        private const val MAX_FILTERS_PER_SUBSCRIBE = 8
        private const val MAX_SUBSCRIPTIONS = 50
        private const val MIN_KEEP_ALIVE = 30
        private const val MAX_KEEP_ALIVE = 1200
        private const val AUTHORIZER_TIMEOUT_SECONDS = 5L

        /**
         * The remote port of a broker connection. HiveMQ CE's extension API exposes only the remote address, so the
         * port is read from the connection's Netty channel (a private field of HiveMQ CE 2025.5's attribute store).
         */
        fun remotePort(connection: ConnectionInformation): Int? = try {
            val store = connection.connectionAttributeStore
            val field = store.javaClass.getDeclaredField("channel").apply { isAccessible = true }
            val channel = field.get(store) as Channel
            (channel.remoteAddress() as? InetSocketAddress)?.port
        } catch (e: ReflectiveOperationException) {
            null
        }
    }
}

private fun ByteBuffer.toBytes(): ByteArray = ByteArray(remaining()).also { duplicate().get(it) }
