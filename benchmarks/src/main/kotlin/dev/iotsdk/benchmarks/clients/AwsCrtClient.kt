package dev.iotsdk.benchmarks.clients

import software.amazon.awssdk.crt.mqtt5.Mqtt5Client
import software.amazon.awssdk.crt.mqtt5.Mqtt5ClientOptions
import software.amazon.awssdk.crt.mqtt5.Mqtt5ClientOptions.ClientSessionBehavior
import software.amazon.awssdk.crt.mqtt5.OnAttemptingConnectReturn
import software.amazon.awssdk.crt.mqtt5.OnConnectionFailureReturn
import software.amazon.awssdk.crt.mqtt5.OnConnectionSuccessReturn
import software.amazon.awssdk.crt.mqtt5.OnDisconnectionReturn
import software.amazon.awssdk.crt.mqtt5.OnStoppedReturn
import software.amazon.awssdk.crt.mqtt5.PublishReturn
import software.amazon.awssdk.crt.mqtt5.QOS
import software.amazon.awssdk.crt.mqtt5.packets.ConnectPacket
import software.amazon.awssdk.crt.mqtt5.packets.PublishPacket
import software.amazon.awssdk.crt.mqtt5.packets.SubscribePacket
import software.amazon.awssdk.iot.AwsIotMqtt5ClientBuilder
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicReference

/**
 * The AWS IoT Device SDK for Java v2 (1.30.1): its MQTT 5 client, the AWS CRT's `Mqtt5Client`, with the native
 * library the jar carries. Mutual TLS goes through `AwsIotMqtt5ClientBuilder` as the SDK's samples do; plain TCP
 * (which that builder cannot make) through the same CRT client's own options builder.
 */
internal class AwsCrtClient(spec: ClientSpec) : BenchClient {
    private val pendingConnect = AtomicReference<Completion?>()

    private val callbacks = CallbackTable()

    private val events = object : Mqtt5ClientOptions.LifecycleEvents {
        override fun onAttemptingConnect(client: Mqtt5Client, r: OnAttemptingConnectReturn) = Unit
        override fun onConnectionSuccess(client: Mqtt5Client, r: OnConnectionSuccessReturn) {
            pendingConnect.getAndSet(null)?.complete(null)
        }
        override fun onConnectionFailure(client: Mqtt5Client, r: OnConnectionFailureReturn) {
            pendingConnect.getAndSet(
                null,
            )?.complete(IllegalStateException("CRT connect failed: error code ${r.errorCode}"))
        }
        override fun onDisconnection(client: Mqtt5Client, r: OnDisconnectionReturn) = Unit
        override fun onStopped(client: Mqtt5Client, r: OnStoppedReturn) = Unit
    }

    private val publishEvents = Mqtt5ClientOptions.PublishEvents { _, r: PublishReturn ->
        val packet = r.publishPacket
        callbacks.dispatch(packet.topic, packet.payload)
    }

    internal val client: Mqtt5Client = run {
        val connect = ConnectPacket.ConnectPacketBuilder().withClientId(spec.clientId)
        val tls = spec.tls
        if (tls == null) {
            Mqtt5Client(
                Mqtt5ClientOptions.Mqtt5ClientOptionsBuilder(spec.host, spec.port.toLong())
                    .withConnectOptions(connect.build())
                    .withSessionBehavior(ClientSessionBehavior.CLEAN)
                    .withLifecycleEvents(events)
                    .withPublishEvents(publishEvents)
                    .build(),
            )
        } else {
            AwsIotMqtt5ClientBuilder
                .newDirectMqttBuilderWithMtlsFromPath(
                    spec.host,
                    tls.certificatePath.toString(),
                    tls.privateKeyPath.toString(),
                )
                .withCertificateAuthorityFromPath(null, tls.caPath.toString())
                .withPort(spec.port.toLong())
                .withConnectProperties(connect)
                .withSessionBehavior(ClientSessionBehavior.CLEAN)
                .withLifeCycleEvents(events)
                .withPublishEvents(publishEvents)
                .build()
        }
    }

    override fun connectAsync(done: Completion) {
        pendingConnect.set(done)
        client.start()
    }

    override fun publish(topic: String, payload: ByteArray, qos: Int, done: Completion) {
        val packet = PublishPacket.PublishPacketBuilder(topic, qosOf(qos), payload).build()
        client.publish(packet).whenComplete { _, e -> done.complete(e) }
    }

    override fun subscribe(filter: String, qos: Int, onMessage: (topic: String, payload: ByteArray) -> Unit) {
        callbacks.add(filter, onMessage)
        client.subscribe(SubscribePacket.SubscribePacketBuilder().withSubscription(filter, qosOf(qos)).build())
            .get(BenchClient.CONNECT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
    }

    override fun close() {
        runCatching { client.stop() }
        client.close()
    }

    private fun qosOf(qos: Int): QOS = if (qos == 0) QOS.AT_MOST_ONCE else QOS.AT_LEAST_ONCE
}
