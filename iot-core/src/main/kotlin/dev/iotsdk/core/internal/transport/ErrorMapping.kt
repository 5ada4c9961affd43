package dev.iotsdk.core.internal.transport

import com.hivemq.client.mqtt.exceptions.ConnectionFailedException
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException
import dev.iotsdk.common.IotSdkException
import dev.iotsdk.core.ConnectFailedException
import dev.iotsdk.core.ConnectionClosedException
import dev.iotsdk.core.ConnectionRefusedException
import dev.iotsdk.core.TlsHandshakeException
import dev.iotsdk.core.WebSocketHandshakeException
import java.net.ConnectException
import java.net.NoRouteToHostException
import java.net.SocketTimeoutException
import java.net.UnknownHostException
import java.nio.channels.ClosedChannelException
import java.security.cert.CertPathBuilderException
import java.security.cert.CertPathValidatorException
import java.util.concurrent.CompletionException
import java.util.concurrent.ExecutionException
import java.util.concurrent.TimeoutException
import javax.net.ssl.SSLException

/** Turns transport failures into typed iotsdk exceptions with messages that say what to do. */
internal object ErrorMapping {
    private val wsStatus = Regex("(\\d{3})")

    fun unwrap(t: Throwable): Throwable {
        var e = t
        while ((e is CompletionException || e is ExecutionException) && e.cause != null) e = e.cause!!
        return e
    }

    fun connectFailure(t: Throwable, where: String, tls: Boolean): IotSdkException {
        val e = unwrap(t)
        if (e is IotSdkException) return e
        if (e is Mqtt5ConnAckException) {
            val code = e.mqttMessage.reasonCode
            return ConnectionRefusedException(
                code.code,
                code.name,
                e.mqttMessage.reasonString.map { it.toString() }.orElse(null),
                retryable = code.code in RETRYABLE_CONNACK,
            )
        }
        if (e is Mqtt3ConnAckException) {
            val code = e.mqttMessage.returnCode
            return ConnectionRefusedException(code.code, code.name, null, retryable = code.code == 3)
        }
        chain(e).firstOrNull { it.javaClass.simpleName == "WebSocketClientHandshakeException" }?.let { ws ->
            val status = wsStatus.find(ws.message ?: "")?.value?.toIntOrNull()
            return WebSocketHandshakeException(
                status,
                "The WebSocket upgrade to $where was refused (HTTP ${status ?: "?"}): check the credentials, " +
                    "region and clock (SigV4 signatures expire), and the authorizer",
                ws,
            )
        }
        chain(e).firstOrNull { it is SSLException }?.let { ssl ->
            if (chain(ssl).any { it is CertPathBuilderException || it is CertPathValidatorException }) {
                return TlsHandshakeException(
                    "TLS handshake with $where failed: the server's certificate is not trusted by the client's " +
                        "`trust` setting (IotMqttClientConfig trust; by default the JVM's trust store). AWS IoT's " +
                        "ATS endpoints are trusted by the JVM's store and by TrustMaterial.fromPemFile(" +
                        "\"AmazonRootCA1.pem\"); for the emulator or another private CA set " +
                        "trust = TrustMaterial.fromPemFile(<its CA file>)",
                    ssl,
                )
            }
            return TlsHandshakeException(
                "TLS handshake with $where failed (${ssl.message}): check the device certificate and key, that the " +
                    "certificate is active, the CA you trust, and that the endpoint name matches the server " +
                    "certificate",
                ssl,
            )
        }
        val network = chain(e).firstOrNull {
            it is ConnectException ||
                it is UnknownHostException ||
                it is NoRouteToHostException ||
                it is SocketTimeoutException ||
                it is TimeoutException
        }
        if (network != null) {
            return ConnectFailedException(
                "Could not reach $where: ${network.javaClass.simpleName}: ${network.message}",
                network,
                isRetryable = true,
            )
        }
        if (tls && e is ConnectionFailedException && chain(e).any { it is ClosedChannelException }) {
            return ConnectFailedException(
                "$where closed the connection during the TLS handshake: is this a TLS port? A plain MQTT port " +
                    "(such as 1883) drops TLS; AWS IoT takes mutual TLS on 8883, and on 443 with ALPN " +
                    "x-amzn-mqtt-ca or over WebSocket. If the port is right, the server may have refused the client " +
                    "certificate",
                e,
                isRetryable = true,
            )
        }
        if (tls && (e is com.hivemq.client.mqtt.exceptions.ConnectionClosedException)) {
            return TlsHandshakeException(
                "$where closed the connection before CONNACK: the server most likely refused the client " +
                    "certificate (unknown CA, inactive or revoked). ${e.message}",
                e,
            )
        }
        return ConnectFailedException(
            "Connecting to $where failed: ${e.javaClass.simpleName}: ${e.message}",
            e,
            isRetryable =
            e is ConnectionFailedException || e is com.hivemq.client.mqtt.exceptions.ConnectionClosedException,
        )
    }

    fun connectionLost(t: Throwable?): ConnectionClosedException {
        val e = t?.let { unwrap(it) }
        if (e is ConnectionClosedException) return e
        if (e is Mqtt5DisconnectException) {
            val msg = e.mqttMessage
            return ConnectionClosedException(
                "The server disconnected: ${msg.reasonCode.name}" +
                    msg.reasonString.map { ": $it" }.orElse(""),
                msg.reasonCode.code,
                e,
            )
        }
        return ConnectionClosedException("The connection was lost: ${e?.message ?: "closed"}", null, e)
    }

    /** [t] and its causes, outermost first (a cause that is its own cause ends it). */
    fun chain(t: Throwable): Sequence<Throwable> = generateSequence(t) { it.cause?.takeIf { c -> c !== it } }

    /** CONNACK reasons worth retrying: unspecified, server unavailable, busy, quota, connection rate. */
    private val RETRYABLE_CONNACK = setOf(0x80, 0x88, 0x89, 0x97, 0x9F)
}
