package dev.iotsdk.emulator.provisioning

import com.hivemq.client.mqtt.MqttClient
import com.hivemq.client.mqtt.MqttClientSslConfig
import com.hivemq.client.mqtt.MqttGlobalPublishFilter
import com.hivemq.client.mqtt.datatypes.MqttQos
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient
import dev.iotsdk.emulator.IotEmulator
import dev.iotsdk.emulator.Tls
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo
import org.bouncycastle.asn1.x500.X500Name
import org.bouncycastle.openssl.PEMKeyPair
import org.bouncycastle.openssl.PEMParser
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder
import java.io.StringReader
import java.security.KeyPair
import java.security.KeyPairGenerator
import java.security.spec.ECGenParameterSpec
import java.util.Base64
import java.util.concurrent.TimeUnit

/** A device speaking the fleet provisioning MQTT API with the plain HiveMQ client over mutual TLS. */
class ProvisioningDevice(emulator: IotEmulator, id: String, certificatePem: String, privateKeyPem: String) :
    AutoCloseable {
    val client: Mqtt5BlockingClient = MqttClient.builder().useMqttVersion5().identifier(
        id,
    ).serverHost(emulator.endpoint)
        .serverPort(emulator.mqttPort)
        .sslConfig(
            MqttClientSslConfig.builder().trustManagerFactory(Tls.tmf(emulator.caCertificatePem))
                .keyManagerFactory(Tls.kmf(certificatePem, pkcs8(privateKeyPem))).build(),
        ).buildBlocking()
    private val publishes = client.publishes(MqttGlobalPublishFilter.ALL)

    init {
        client.connect()
    }

    /** Subscribes to the request's accepted and rejected topics, publishes, and returns the outcome and body. */
    fun request(topic: String, payload: String): Pair<String, JsonObject> {
        client.subscribeWith().topicFilter("$topic/accepted").qos(MqttQos.AT_LEAST_ONCE).send()
        client.subscribeWith().topicFilter("$topic/rejected").qos(MqttQos.AT_LEAST_ONCE).send()
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload.encodeToByteArray()).send()
        return next()
    }

    /** The next message received: its last topic level and JSON body. */
    fun next(): Pair<String, JsonObject> {
        val message = publishes.receive(10, TimeUnit.SECONDS).orElseThrow { AssertionError("no message within 10 s") }
        return message.topic.toString().substringAfterLast('/') to
            (Json.parseToJsonElement(message.payloadAsBytes.decodeToString()) as JsonObject)
    }

    override fun close() {
        publishes.close()
        runCatching { client.disconnect() }
    }

    companion object {
        /** PKCS#8 PEM of any PEM private key (the service returns PKCS#1 RSA keys). */
        fun pkcs8(pem: String): String {
            val parsed = PEMParser(StringReader(pem)).use { it.readObject() }
            val key = when (parsed) {
                is PEMKeyPair -> JcaPEMKeyConverter().getKeyPair(parsed).private
                is PrivateKeyInfo -> JcaPEMKeyConverter().getPrivateKey(parsed)
                else -> error("not a private key: ${parsed?.javaClass}")
            }
            return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(key.encoded) +
                "\n-----END PRIVATE KEY-----\n"
        }

        fun ecKeyPair(): KeyPair = KeyPairGenerator.getInstance("EC").apply {
            initialize(ECGenParameterSpec("secp256r1"))
        }.generateKeyPair()

        fun rsaKeyPair(bits: Int): KeyPair = KeyPairGenerator.getInstance("RSA").apply {
            initialize(bits)
        }.generateKeyPair()

        fun csrPem(keyPair: KeyPair): String {
            val algorithm = if (keyPair.public.algorithm == "EC") "SHA256withECDSA" else "SHA256withRSA"
            val csr = JcaPKCS10CertificationRequestBuilder(X500Name("CN=device"), keyPair.public)
                .build(JcaContentSignerBuilder(algorithm).build(keyPair.private))
            return "-----BEGIN CERTIFICATE REQUEST-----\n" + Base64.getMimeEncoder().encodeToString(csr.encoded) +
                "\n-----END CERTIFICATE REQUEST-----\n"
        }

        fun keyPem(keyPair: KeyPair): String =
            "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(keyPair.private.encoded) +
                "\n-----END PRIVATE KEY-----\n"
    }
}
