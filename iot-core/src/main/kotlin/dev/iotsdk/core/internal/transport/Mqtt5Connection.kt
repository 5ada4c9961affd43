package dev.iotsdk.core.internal.transport

import com.hivemq.client.mqtt.MqttGlobalPublishFilter
import com.hivemq.client.mqtt.datatypes.MqttQos
import com.hivemq.client.mqtt.datatypes.MqttTopic
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperties
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5UnsubAckException
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5WillPublish
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscription
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5SubscriptionBuilder
import com.hivemq.client.mqtt.mqtt5.message.unsubscribe.Mqtt5Unsubscribe
import dev.iotsdk.core.IotMqttClientConfig
import dev.iotsdk.core.MessageProperties
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.MqttVersion
import dev.iotsdk.core.NegotiatedSettings
import dev.iotsdk.core.PayloadFormat
import dev.iotsdk.core.PublishRejectedException
import dev.iotsdk.core.PublishResult
import dev.iotsdk.core.Qos
import dev.iotsdk.core.RetainHandling
import dev.iotsdk.core.SubscribeOutcome
import dev.iotsdk.core.Subscription
import dev.iotsdk.core.UserProperty
import io.reactivex.disposables.Disposable
import kotlinx.coroutines.future.await
import java.nio.ByteBuffer
import java.util.concurrent.CompletableFuture
import java.util.function.BiConsumer
import kotlin.time.Duration.Companion.seconds

/** An MQTT 5 connection on one HiveMQ client instance. */
internal class Mqtt5Connection private constructor(
    private val client: Mqtt5AsyncClient,
    relay: AlpnTlsRelay?,
    override val settings: NegotiatedSettings,
    override val lost: ConnectionEnd,
    private val onIncoming: (IncomingPublish) -> Unit,
    receiving: Disposable?,
) : HiveMqConnection(relay, receiving) {
    override fun sendDisconnect(): CompletableFuture<Void> = client.disconnect()

    override fun startReceiving(): Disposable = receive(client, onIncoming)

    override fun publish(message: MqttMessage, done: PublishCallback) {
        val sent = try {
            client.publish(toPublish(message, topicOf(message.topic)))
        } catch (e: Exception) {
            done.onDone(null, publishError(message.topic, ErrorMapping.unwrap(e)))
            return
        }
        val pending = PendingPublish(sent, message, done)
        link(pending)
        sent.whenComplete(pending)
    }

    /** A publish in flight: listed (so the connection's end cancels it) until its future completes, which calls this. */
    private inner class PendingPublish(
        sent: CompletableFuture<Mqtt5PublishResult>,
        private val message: MqttMessage,
        private val done: PublishCallback,
    ) : Link(sent),
        BiConsumer<Mqtt5PublishResult?, Throwable?> {
        override fun accept(result: Mqtt5PublishResult?, failure: Throwable?) {
            unlink(this)
            val error = failure ?: result!!.error.orElse(null)
            if (error != null) {
                done.onDone(null, publishError(message.topic, ErrorMapping.unwrap(error)))
            } else if (result is Mqtt5PublishResult.Mqtt5Qos1Result) {
                val ack = result.pubAck
                val reason = ack.reasonString.map { it.toString() }.orElse(null)
                if (ack.reasonCode.isError) {
                    done.onDone(
                        null,
                        PublishRejectedException(message.topic, ack.reasonCode.code, ack.reasonCode.name, reason),
                    )
                } else {
                    done.onDone(PublishResult(message.qos, ack.reasonCode.code, reason), null)
                }
            } else {
                done.onDone(PublishResult(message.qos, null), null)
            }
        }
    }

    private fun publishError(topic: String, e: Throwable): Throwable = if (e is Mqtt5PubAckException) {
        val ack = e.mqttMessage
        PublishRejectedException(
            topic,
            ack.reasonCode.code,
            ack.reasonCode.name,
            ack.reasonString.map {
                it.toString()
            }.orElse(null),
        )
    } else {
        ErrorMapping.connectionLost(e)
    }

    override suspend fun subscribe(subscriptions: List<Subscription>): List<SubscribeOutcome> {
        ensureReceiving()
        val packet = Mqtt5Subscribe.builder().addSubscriptions(
            subscriptions.map { s ->
                val b: Mqtt5SubscriptionBuilder.Complete =
                    Mqtt5Subscription.builder().topicFilter(s.filter)
                b.qos(MqttQos.fromCode(s.qos.code)!!)
                b.noLocal(s.noLocal)
                b.retainAsPublished(s.retainAsPublished)
                b.retainHandling(
                    when (s.retainHandling) {
                        RetainHandling.SEND -> Mqtt5RetainHandling.SEND
                        RetainHandling.SEND_IF_NEW -> Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST
                        RetainHandling.DO_NOT_SEND -> Mqtt5RetainHandling.DO_NOT_SEND
                    },
                )
                b.build()
            },
        ).build()
        val codes = try {
            track(client.toRx().subscribe(packet)).await().reasonCodes
        } catch (e: Mqtt5SubAckException) {
            e.mqttMessage.reasonCodes
        } catch (e: Exception) {
            throw ErrorMapping.connectionLost(e)
        }
        return subscriptions.mapIndexed { i, s ->
            val code = codes.getOrNull(i)?.code ?: 0x80
            SubscribeOutcome(s.filter, if (code < 0x80) Qos.of(code.coerceAtMost(1)) else null, code)
        }
    }

    override suspend fun unsubscribe(filters: List<String>): List<Int> {
        val builder = Mqtt5Unsubscribe.builder().addTopicFilter(filters.first())
        filters.drop(1).forEach { builder.addTopicFilter(it) }
        val packet = builder.build()
        return try {
            track(client.toRx().unsubscribe(packet)).await().reasonCodes.map { it.code }
        } catch (e: Mqtt5UnsubAckException) {
            e.mqttMessage.reasonCodes.map { it.code }
        } catch (e: Exception) {
            throw ErrorMapping.connectionLost(e)
        }
    }

    companion object {
        /**
         * Registers for every incoming message (manual acknowledgement: the router acknowledges). Like HiveMQ's async
         * `publishes`, the callback runs on the application scheduler (inline, on the Netty thread).
         */
        private fun receive(client: Mqtt5AsyncClient, onIncoming: (IncomingPublish) -> Unit): Disposable =
            client.toRx().publishes(MqttGlobalPublishFilter.ALL, true).subscribe(
                { p -> onIncoming(IncomingPublish(fromPublish(p), p::acknowledge)) },
                { _ -> }, // the session ended: the connection's `lost` tells
            )

        suspend fun connect(
            config: IotMqttClientConfig,
            transport: ConnectionFactory.Transport,
            username: String?,
            password: ByteArray?,
            onIncoming: (IncomingPublish) -> Unit,
        ): Mqtt5Connection {
            val lost = ConnectionEnd()
            val client = ConnectionFactory.clientBuilder(transport)
                .addDisconnectedListener(lost)
                .useMqttVersion5()
                .buildAsync()
            // a resumed session may deliver right after CONNACK: listen before CONNECT
            val resumes = !config.cleanStart
            val early = if (resumes) receive(client, onIncoming) else null
            val connect = client.connectWith()
                .cleanStart(config.cleanStart)
                .sessionExpiryInterval(config.sessionExpiry.inWholeSeconds)
                .keepAlive(config.keepAlive.inWholeSeconds.toInt())
                .restrictions()
                .receiveMaximum(config.receiveMaximum)
                .sendTopicAliasMaximum(config.topicAliasMaximum)
                .applyRestrictions()
            if (username != null || password != null) {
                val auth = Mqtt5SimpleAuth.builder()
                val complete = if (username != null) auth.username(username) else auth.password(password!!)
                if (username != null && password != null) complete.password(password)
                connect.simpleAuth(complete.build())
            }
            config.will?.let { connect.willPublish(toWill(it, config.willDelay.inWholeSeconds)) }
            val connAck: Mqtt5ConnAck = awaitConnAck(transport, { connect.send() }, { client.disconnect() }, early)
            val r = connAck.restrictions
            val settings = NegotiatedSettings(
                sessionPresent = connAck.isSessionPresent,
                clientId = connAck.assignedClientIdentifier.map { it.toString() }.orElse(config.clientId),
                keepAliveSeconds = connAck.serverKeepAlive.orElse(config.keepAlive.inWholeSeconds.toInt()),
                sessionExpirySeconds = connAck.sessionExpiryInterval.orElse(config.sessionExpiry.inWholeSeconds),
                maximumQos = r.maximumQos.code,
                retainAvailable = r.isRetainAvailable,
                serverReceiveMaximum = r.receiveMaximum,
                maximumPacketSize = r.maximumPacketSize.toLong(),
                sharedSubscriptionsAvailable = r.isSharedSubscriptionAvailable,
                wildcardSubscriptionsAvailable = r.isWildcardSubscriptionAvailable,
                mqttVersion = MqttVersion.MQTT_5,
            )
            return Mqtt5Connection(client, transport.relay, settings, lost, onIncoming, early)
        }

        private fun toPublish(m: MqttMessage, topic: MqttTopic): Mqtt5Publish {
            val b = Mqtt5Publish.builder().topic(
                topic,
            ).qos(MqttQos.fromCode(m.qos.code)!!).payload(m.payload).retain(m.retain)
            val p = m.properties
            if (p !== MessageProperties.NONE) {
                p.messageExpiry?.let { b.messageExpiryInterval(it.inWholeSeconds) }
                p.contentType?.let { b.contentType(it) }
                if (p.payloadFormat == PayloadFormat.UTF_8) b.payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8)
                p.responseTopic?.let { b.responseTopic(it) }
                p.correlationData?.let { b.correlationData(it) }
                if (p.userProperties.isNotEmpty()) b.userProperties(userProperties(p.userProperties))
            }
            return b.build()
        }

        private fun toWill(m: MqttMessage, delaySeconds: Long): Mqtt5WillPublish {
            val b = Mqtt5WillPublish.builder().topic(m.topic).qos(MqttQos.fromCode(m.qos.code)!!).payload(m.payload)
                .retain(m.retain).delayInterval(delaySeconds)
            val p = m.properties
            p.messageExpiry?.let { b.messageExpiryInterval(it.inWholeSeconds) }
            p.contentType?.let { b.contentType(it) }
            if (p.payloadFormat == PayloadFormat.UTF_8) b.payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8)
            p.responseTopic?.let { b.responseTopic(it) }
            p.correlationData?.let { b.correlationData(it) }
            if (p.userProperties.isNotEmpty()) b.userProperties(userProperties(p.userProperties))
            return b.build().asWill()
        }

        private fun userProperties(list: List<UserProperty>): Mqtt5UserProperties =
            Mqtt5UserProperties.builder().apply { list.forEach { add(it.name, it.value) } }.build()

        fun fromPublish(p: Mqtt5Publish): MqttMessage {
            val qos = if (p.qos.code == 0) Qos.AT_MOST_ONCE else Qos.AT_LEAST_ONCE
            return MqttMessage(p.topic.toString(), p.payloadAsBytes, qos, p.isRetain, propertiesOf(p))
        }

        /** The message's MQTT 5 properties; [MessageProperties.NONE] (nothing built) when it carries none. */
        private fun propertiesOf(p: Mqtt5Publish): MessageProperties {
            val utf8 = p.payloadFormatIndicator.orElse(null) == Mqtt5PayloadFormatIndicator.UTF_8
            val userProperties = p.userProperties.asList()
            val none = !p.messageExpiryInterval.isPresent &&
                !p.contentType.isPresent &&
                !utf8 &&
                !p.responseTopic.isPresent &&
                !p.correlationData.isPresent &&
                userProperties.isEmpty()
            if (none) return MessageProperties.NONE
            return MessageProperties(
                messageExpiry = if (p.messageExpiryInterval.isPresent) p.messageExpiryInterval.asLong.seconds else null,
                contentType = p.contentType.map { it.toString() }.orElse(null),
                payloadFormat = if (utf8) PayloadFormat.UTF_8 else PayloadFormat.UNSPECIFIED,
                responseTopic = p.responseTopic.map { it.toString() }.orElse(null),
                correlationData = p.correlationData.map { it.toBytes() }.orElse(null),
                userProperties = userProperties.map { UserProperty(it.name.toString(), it.value.toString()) },
            )
        }

        private fun ByteBuffer.toBytes(): ByteArray = ByteArray(remaining()).also { duplicate().get(it) }
    }
}
