package dev.iotsdk.emulator

import com.hivemq.client.mqtt.MqttClient
import com.hivemq.client.mqtt.MqttClientSslConfig
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode
import java.io.ByteArrayOutputStream
import java.io.DataInputStream
import java.io.InputStream
import java.io.OutputStream
import java.security.KeyFactory
import java.security.KeyStore
import java.security.PrivateKey
import java.security.cert.CertificateFactory
import java.security.cert.X509Certificate
import java.security.spec.PKCS8EncodedKeySpec
import java.util.Base64
import javax.net.ssl.KeyManagerFactory
import javax.net.ssl.SNIHostName
import javax.net.ssl.SSLContext
import javax.net.ssl.SSLSocket
import javax.net.ssl.TrustManagerFactory

/** Test-side TLS and raw MQTT helpers (independent of the emulator's code). */
object Tls {
    fun cert(pem: String): X509Certificate =
        CertificateFactory.getInstance("X.509").generateCertificate(pem.byteInputStream()) as X509Certificate

    fun key(pem: String): PrivateKey {
        val der = Base64.getMimeDecoder().decode(pem.lines().filter { !it.startsWith("-----") }.joinToString(""))
        return try {
            KeyFactory.getInstance("EC").generatePrivate(PKCS8EncodedKeySpec(der))
        } catch (e: Exception) {
            KeyFactory.getInstance("RSA").generatePrivate(PKCS8EncodedKeySpec(der))
        }
    }

    fun tmf(caPem: String): TrustManagerFactory {
        val ks = KeyStore.getInstance("PKCS12").apply {
            load(null, null)
            setCertificateEntry("ca", cert(caPem))
        }
        return TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm()).apply { init(ks) }
    }

    fun kmf(certPem: String, keyPem: String): KeyManagerFactory {
        val pw = "pw".toCharArray()
        val ks = KeyStore.getInstance("PKCS12").apply {
            load(null, null)
            setKeyEntry("k", key(keyPem), pw, arrayOf(cert(certPem)))
        }
        return KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm()).apply { init(ks, pw) }
    }

    fun context(caPem: String, identity: Pair<String, String>?): SSLContext = SSLContext.getInstance("TLS").apply {
        init(identity?.let { kmf(it.first, it.second).keyManagers }, tmf(caPem).trustManagers, null)
    }

    fun clientSsl(emu: IotEmulator, device: DeviceIdentity?): MqttClientSslConfig {
        val b = MqttClientSslConfig.builder().trustManagerFactory(tmf(emu.caCertificatePem))
        if (device != null) b.keyManagerFactory(kmf(device.certificatePem, device.privateKeyPem))
        return b.build()
    }

    /** A TLS socket to [port] offering [alpn] (or nothing), handshake done. */
    fun socket(emu: IotEmulator, port: Int, alpn: List<String>, identity: Pair<String, String>? = null): SSLSocket {
        val socket = context(emu.caCertificatePem, identity).socketFactory.createSocket("localhost", port) as SSLSocket
        socket.soTimeout = 10_000
        val params = socket.sslParameters
        if (alpn.isNotEmpty()) params.applicationProtocols = alpn.toTypedArray()
        params.serverNames = listOf(SNIHostName("localhost"))
        socket.sslParameters = params
        socket.startHandshake()
        return socket
    }
}

fun mqtt5(emu: IotEmulator, id: String, device: DeviceIdentity?, port: Int = emu.mqttPort): Mqtt5BlockingClient =
    MqttClient.builder().useMqttVersion5().identifier(id).serverHost(emu.endpoint).serverPort(port)
        .sslConfig(Tls.clientSsl(emu, device)).buildBlocking()

fun mqtt3(emu: IotEmulator, id: String, device: DeviceIdentity?, port: Int = emu.mqttPort): Mqtt3BlockingClient =
    MqttClient.builder().useMqttVersion3().identifier(id).serverHost(emu.endpoint).serverPort(port)
        .sslConfig(Tls.clientSsl(emu, device)).buildBlocking()

fun plain5(emu: IotEmulator, id: String): Mqtt5BlockingClient = MqttClient.builder().useMqttVersion5().identifier(
    id,
).serverHost(emu.endpoint).serverPort(emu.plainPort!!).buildBlocking()

fun plain3(emu: IotEmulator, id: String): Mqtt3BlockingClient = MqttClient.builder().useMqttVersion3().identifier(
    id,
).serverHost(emu.endpoint).serverPort(emu.plainPort!!).buildBlocking()

/** A tiny hand-written MQTT CONNECT encoder / CONNACK reader for raw sockets. */
object RawMqtt {
    private fun utf8(out: ByteArrayOutputStream, s: String) {
        val b = s.toByteArray()
        out.write(b.size shr 8)
        out.write(b.size and 0xff)
        out.write(b)
    }

    private fun bin(out: ByteArrayOutputStream, b: ByteArray) {
        out.write(b.size shr 8)
        out.write(b.size and 0xff)
        out.write(b)
    }

    private fun remainingLength(out: ByteArrayOutputStream, len: Int) {
        var x = len
        do {
            var d = x % 128
            x /= 128
            if (x > 0) d = d or 0x80
            out.write(d)
        } while (x > 0)
    }

    /** CONNECT, [version] 4 (3.1.1) or 5, clean start, keep-alive 60. */
    fun connect(clientId: String, username: String? = null, password: ByteArray? = null, version: Int = 4): ByteArray {
        val body = ByteArrayOutputStream()
        utf8(body, "MQTT")
        body.write(version)
        var flags = 0x02
        if (username != null) flags = flags or 0x80
        if (password != null) flags = flags or 0x40
        body.write(flags)
        body.write(0)
        body.write(60)
        if (version == 5) body.write(0) // no properties
        utf8(body, clientId)
        if (username != null) utf8(body, username)
        if (password != null) bin(body, password)
        val packet = ByteArrayOutputStream()
        packet.write(0x10)
        remainingLength(packet, body.size())
        packet.write(body.toByteArray())
        return packet.toByteArray()
    }

    /** Reads the Remaining Length of a packet (an MQTT variable byte integer). */
    fun readRemainingLength(data: DataInputStream): Int {
        var len = 0
        var mult = 1
        while (true) {
            val d = data.readUnsignedByte()
            len += (d and 0x7f) * mult
            mult *= 128
            if (d and 0x80 == 0) return len
        }
    }

    /** Reads a CONNACK and returns its return/reason code (3.1.1 return code or MQTT 5 reason code). */
    fun readConnack(input: InputStream): Int {
        val data = DataInputStream(input)
        val type = data.readUnsignedByte()
        check(type == 0x20) { "expected CONNACK, got 0x${type.toString(16)}" }
        val bytes = ByteArray(readRemainingLength(data))
        data.readFully(bytes)
        return bytes[1].toInt() and 0xff
    }

    fun connectAndReadConnack(
        input: InputStream,
        output: OutputStream,
        clientId: String,
        username: String? = null,
        password: ByteArray? = null,
        version: Int = 4,
    ): Int {
        output.write(connect(clientId, username, password, version))
        output.flush()
        return readConnack(input)
    }
}

/** The PUBACK reason code of a QoS 1 publish (the blocking client throws on error codes). */
fun pubAckCode(send: () -> Mqtt5PublishResult): Mqtt5PubAckReasonCode = try {
    (send() as Mqtt5PublishResult.Mqtt5Qos1Result).pubAck.reasonCode
} catch (e: Mqtt5PubAckException) {
    e.mqttMessage.reasonCode
}
