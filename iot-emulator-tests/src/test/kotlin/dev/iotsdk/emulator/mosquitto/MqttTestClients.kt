package dev.iotsdk.emulator.mosquitto

import com.hivemq.client.mqtt.MqttClientSslConfig
import com.hivemq.client.mqtt.MqttGlobalPublishFilter
import com.hivemq.client.mqtt.datatypes.MqttQos
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client
import io.kotest.matchers.shouldBe
import java.security.KeyStore
import java.security.cert.CertificateFactory
import java.util.UUID
import java.util.concurrent.TimeUnit
import javax.net.ssl.KeyManagerFactory
import javax.net.ssl.TrustManagerFactory
import kotlin.jvm.optionals.getOrNull

/** TLS settings trusting [broker]'s CA and, when given, presenting [certificate]. */
fun sslConfig(broker: MosquittoBroker, certificate: ClientCertificate?): MqttClientSslConfig {
    val ca = CertificateFactory.getInstance("X.509").generateCertificate(broker.caCertificatePem.byteInputStream())
    val trustStore = KeyStore.getInstance("PKCS12").apply {
        load(null, null)
        setCertificateEntry("ca", ca)
    }
    val builder = MqttClientSslConfig.builder()
        .trustManagerFactory(
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm()).apply {
                init(trustStore)
            },
        )
    if (certificate != null) {
        val password = "test".toCharArray()
        val keyStore = KeyStore.getInstance("PKCS12").apply {
            load(null, null)
            setKeyEntry("client", certificate.privateKey, password, arrayOf(certificate.certificate))
        }
        builder.keyManagerFactory(
            KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm()).apply {
                init(keyStore, password)
            },
        )
    }
    return builder.build()
}

/** An MQTT 5 client for [port] of [broker], over TLS when [ssl] is given. */
fun mqtt5(broker: MosquittoBroker, port: Int, ssl: MqttClientSslConfig? = null): Mqtt5BlockingClient =
    Mqtt5Client.builder()
        .identifier("test-${UUID.randomUUID()}")
        .serverHost(broker.host)
        .serverPort(port)
        .sslConfig(ssl)
        .buildBlocking()

/** Subscribes, publishes at QoS 1 and expects the message back, over MQTT 5; disconnects afterwards. */
fun roundTrip5(client: Mqtt5BlockingClient) {
    client.connect()
    try {
        client.publishes(MqttGlobalPublishFilter.ALL).use { publishes ->
            client.subscribeWith().topicFilter("iotsdk/test/+").qos(MqttQos.AT_LEAST_ONCE).send()
            client.publishWith().topic(
                "iotsdk/test/5",
            ).qos(MqttQos.AT_LEAST_ONCE).payload("hello 5".toByteArray()).send()
            val message = publishes.receive(10, TimeUnit.SECONDS).getOrNull() ?: error("no message within 10 s")
            message.topic.toString() shouldBe "iotsdk/test/5"
            String(message.payloadAsBytes) shouldBe "hello 5"
        }
    } finally {
        client.disconnect()
    }
}

/** Subscribes, publishes at QoS 1 and expects the message back, over MQTT 3.1.1; disconnects afterwards. */
fun roundTrip3(broker: MosquittoBroker, port: Int, ssl: MqttClientSslConfig? = null) {
    val client = Mqtt3Client.builder()
        .identifier("test-${UUID.randomUUID()}")
        .serverHost(broker.host)
        .serverPort(port)
        .sslConfig(ssl)
        .buildBlocking()
    client.connect()
    try {
        client.publishes(MqttGlobalPublishFilter.ALL).use { publishes ->
            client.subscribeWith().topicFilter("iotsdk/test/#").qos(MqttQos.AT_LEAST_ONCE).send()
            client.publishWith().topic(
                "iotsdk/test/3",
            ).qos(MqttQos.AT_LEAST_ONCE).payload("hello 3".toByteArray()).send()
            val message = publishes.receive(10, TimeUnit.SECONDS).getOrNull() ?: error("no message within 10 s")
            message.topic.toString() shouldBe "iotsdk/test/3"
            String(message.payloadAsBytes) shouldBe "hello 3"
        }
    } finally {
        client.disconnect()
    }
}
