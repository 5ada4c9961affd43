package dev.iotsdk.benchmarks.clients

import com.hivemq.client.mqtt.MqttClientSslConfig
import com.hivemq.client.mqtt.datatypes.MqttQos
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client
import java.util.concurrent.TimeUnit

/**
 * The raw HiveMQ MQTT Client 1.4.2, async API, default executor configuration: futures complete, and subscription
 * callbacks run, on its application scheduler, which is RxJava's computation pool unless the user sets one (one
 * hand-off from the Netty thread per completion and per message).
 */
internal class HiveMqClient(spec: ClientSpec) : BenchClient {
    private val client: Mqtt5AsyncClient = Mqtt5Client.builder()
        .identifier(spec.clientId)
        .serverHost(spec.host)
        .serverPort(spec.port)
        .apply {
            spec.tls?.let { tls ->
                sslConfig(
                    MqttClientSslConfig.builder()
                        .keyManagerFactory(Pem.keyManagerFactory(tls))
                        .trustManagerFactory(Pem.trustManagerFactory(tls))
                        .build(),
                )
            }
        }
        .buildAsync()

    override fun connectAsync(done: Completion) {
        client.connectWith().cleanStart(true).send().whenComplete { _, e -> done.complete(e) }
    }

    override fun publish(topic: String, payload: ByteArray, qos: Int, done: Completion) {
        client.publishWith().topic(topic).qos(qosOf(qos)).payload(payload).send()
            .whenComplete { result, e -> done.complete(e ?: result?.error?.orElse(null)) }
    }

    override fun subscribe(filter: String, qos: Int, onMessage: (topic: String, payload: ByteArray) -> Unit) {
        client.subscribeWith().topicFilter(filter).qos(qosOf(qos))
            .callback { onMessage(it.topic.toString(), it.payloadAsBytes) }
            .send().get(BenchClient.CONNECT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
    }

    override fun close() {
        runCatching { client.disconnect().get(5, TimeUnit.SECONDS) }
    }

    private fun qosOf(qos: Int): MqttQos = if (qos == 0) MqttQos.AT_MOST_ONCE else MqttQos.AT_LEAST_ONCE
}
