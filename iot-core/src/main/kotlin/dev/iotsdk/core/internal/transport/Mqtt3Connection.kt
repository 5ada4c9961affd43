package dev.iotsdk.core.internal.transport

import com.hivemq.client.mqtt.MqttGlobalPublishFilter
import com.hivemq.client.mqtt.datatypes.MqttQos
import com.hivemq.client.mqtt.datatypes.MqttTopic
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException
import com.hivemq.client.mqtt.mqtt3.message.auth.Mqtt3SimpleAuth
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscribe
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscription
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3SubscriptionBuilder
import com.hivemq.client.mqtt.mqtt3.message.unsubscribe.Mqtt3Unsubscribe
import dev.iotsdk.core.IotMqttClientConfig
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.MqttVersion
import dev.iotsdk.core.NegotiatedSettings
import dev.iotsdk.core.PublishResult
import dev.iotsdk.core.Qos
import dev.iotsdk.core.SubscribeOutcome
import dev.iotsdk.core.Subscription
import io.reactivex.Flowable
import io.reactivex.disposables.Disposable
import kotlinx.coroutines.future.await
import java.util.concurrent.CompletableFuture

/** An MQTT 3.1.1 connection on one HiveMQ client instance. MQTT 5 properties are not sent. */
internal class Mqtt3Connection private constructor(
    private val client: Mqtt3AsyncClient,
    relay: AlpnTlsRelay?,
    override val settings: NegotiatedSettings,
    override val lost: ConnectionEnd,
    private val onIncoming: (IncomingPublish) -> Unit,
    receiving: Disposable?,
) : HiveMqConnection(relay, receiving) {
    private val rx = client.toRx()

    override fun sendDisconnect(): CompletableFuture<Void> = client.disconnect()

    override fun startReceiving(): Disposable = receive(client, onIncoming)

    override fun publish(message: MqttMessage, done: PublishCallback) {
        val sent = try {
            track(rx.publish(Flowable.just(toPublish(message, topicOf(message.topic)))).singleOrError())
        } catch (e: Exception) {
            done.onDone(null, ErrorMapping.connectionLost(e))
            return
        }
        sent.whenComplete { result, failure ->
            val error = failure ?: result.error.orElse(null)
            if (error != null) {
                done.onDone(null, ErrorMapping.connectionLost(error))
            } else {
                done.onDone(PublishResult(message.qos, null), null)
            }
        }
    }

    override suspend fun subscribe(subscriptions: List<Subscription>): List<SubscribeOutcome> {
        ensureReceiving()
        val packet = Mqtt3Subscribe.builder().addSubscriptions(
            subscriptions.map {
                val b: Mqtt3SubscriptionBuilder.Complete =
                    Mqtt3Subscription.builder().topicFilter(it.filter)
                b.qos(MqttQos.fromCode(it.qos.code)!!)
                b.build()
            },
        ).build()
        val codes = try {
            track(rx.subscribe(packet)).await().returnCodes
        } catch (e: Mqtt3SubAckException) {
            e.mqttMessage.returnCodes
        } catch (e: Exception) {
            throw ErrorMapping.connectionLost(e)
        }
        return subscriptions.mapIndexed { i, s ->
            val code = codes.getOrNull(i)?.code ?: 0x80
            SubscribeOutcome(s.filter, if (code < 0x80) Qos.of(code.coerceAtMost(1)) else null, code)
        }
    }

    override suspend fun unsubscribe(filters: List<String>): List<Int> {
        val builder = Mqtt3Unsubscribe.builder().addTopicFilter(filters.first())
        filters.drop(1).forEach { builder.addTopicFilter(it) }
        val packet = builder.build()
        try {
            track(rx.unsubscribe(packet).toSingleDefault(Unit)).await()
        } catch (e: Exception) {
            throw ErrorMapping.connectionLost(e)
        }
        return filters.map { 0 }
    }

    companion object {
        /**
         * Registers for every incoming message (manual acknowledgement: the router acknowledges). Like HiveMQ's async
         * `publishes`, the callback runs on the application scheduler (inline, on the Netty thread).
         */
        private fun receive(client: Mqtt3AsyncClient, onIncoming: (IncomingPublish) -> Unit): Disposable =
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
        ): Mqtt3Connection {
            val lost = ConnectionEnd()
            val client = ConnectionFactory.clientBuilder(transport)
                .addDisconnectedListener(lost)
                .useMqttVersion3()
                .buildAsync()
            // a resumed session may deliver right after CONNACK: listen before CONNECT
            val resumes = !config.cleanStart
            val early = if (resumes) receive(client, onIncoming) else null
            val connect = client.connectWith()
                .cleanSession(config.cleanStart)
                .keepAlive(config.keepAlive.inWholeSeconds.toInt())
            if (username != null) {
                val auth = Mqtt3SimpleAuth.builder().username(username)
                password?.let { auth.password(it) }
                connect.simpleAuth(auth.build())
            }
            config.will?.let { connect.willPublish(toPublish(it)) }
            val connAck = awaitConnAck(transport, { connect.send() }, { client.disconnect() }, early)
            val settings = NegotiatedSettings(
                sessionPresent = connAck.isSessionPresent,
                clientId = config.clientId,
                keepAliveSeconds = config.keepAlive.inWholeSeconds.toInt(),
                sessionExpirySeconds = 0,
                maximumQos = 1,
                retainAvailable = true,
                serverReceiveMaximum = 65535,
                maximumPacketSize = 268_435_460,
                sharedSubscriptionsAvailable = true,
                wildcardSubscriptionsAvailable = true,
                mqttVersion = MqttVersion.MQTT_3_1_1,
            )
            return Mqtt3Connection(client, transport.relay, settings, lost, onIncoming, early)
        }

        private fun toPublish(m: MqttMessage, topic: MqttTopic = MqttTopic.of(m.topic)): Mqtt3Publish =
            Mqtt3Publish.builder().topic(
                topic,
            ).qos(MqttQos.fromCode(m.qos.code)!!).payload(m.payload).retain(m.retain).build()

        private fun fromPublish(p: Mqtt3Publish): MqttMessage = MqttMessage(
            p.topic.toString(),
            p.payloadAsBytes,
            if (p.qos.code ==
                0
            ) {
                Qos.AT_MOST_ONCE
            } else {
                Qos.AT_LEAST_ONCE
            },
            p.isRetain,
        )
    }
}
