package dev.iotsdk.core.internal.transport

import com.hivemq.client.mqtt.MqttClient
import com.hivemq.client.mqtt.MqttClientExecutorConfig
import com.hivemq.client.mqtt.MqttClientSslConfig
import com.hivemq.client.mqtt.MqttClientTransportConfig
import com.hivemq.client.mqtt.MqttClientTransportConfigBuilder
import com.hivemq.client.mqtt.MqttProxyConfig
import com.hivemq.client.mqtt.MqttProxyProtocol
import com.hivemq.client.mqtt.MqttWebSocketConfig
import dev.iotsdk.auth.SigV4
import dev.iotsdk.auth.TlsContexts
import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.core.ConnectionType
import dev.iotsdk.core.IotMqttClientConfig
import dev.iotsdk.core.MqttVersion
import dev.iotsdk.core.ProxyConfig
import dev.iotsdk.core.internal.ConnectUsername
import dev.iotsdk.core.internal.SdkVersion
import io.reactivex.schedulers.Schedulers
import kotlinx.coroutines.CancellationException
import java.net.InetAddress
import java.util.concurrent.Executor
import java.util.concurrent.TimeUnit
import javax.net.ssl.SSLContext

/**
 * Makes one [MqttConnection] per attempt from the configuration: picks the transport (native TLS, the ALPN relay,
 * WebSocket with a freshly signed URL), builds the CONNECT username, and maps failures to typed exceptions.
 */
internal class ConnectionFactory(
    private val config: IotMqttClientConfig,
    private val onIncoming: (IncomingPublish) -> Unit,
    /** Called with each attempt's ALPN relay once it listens, before HiveMQ connects to it (a seam for tests). */
    private val onRelayOpened: suspend (AlpnTlsRelay) -> Unit = NO_HOOK,
) : Connector {
    private val where: String get() = "${config.endpoint}:${config.port}"

    /**
     * A transport ready for HiveMQ: where to connect, the client identifier HiveMQ sends (carrying the relay's key
     * for ALPN) and, for ALPN, the relay, which the connection closes once HiveMQ is done with it.
     */
    internal class Transport(
        val config: MqttClientTransportConfig,
        val relay: AlpnTlsRelay?,
        val tls: Boolean,
        val clientId: String,
    ) {
        /** Set once HiveMQ was asked to connect: from then on the connect path, not the factory, closes [relay]. */
        @Volatile var handedOver: Boolean = false
    }

    override suspend fun connect(): MqttConnection {
        val resources = AttemptResources()
        val transport = try {
            transport(resources)
        } catch (e: CancellationException) {
            resources.close()
            throw e
        } catch (e: Exception) {
            resources.close()
            throw ErrorMapping.connectFailure(e, where, tls = true)
        }
        resources.release()
        val username = ConnectUsername.build(config.username, config.connectionType, config.metrics, SdkVersion.value)
        val password = (config.connectionType as? ConnectionType.CustomAuth)?.password ?: config.password
        return try {
            when (config.mqttVersion) {
                MqttVersion.MQTT_5 ->
                    Mqtt5Connection.connect(config, transport, username, password, onIncoming)
                MqttVersion.MQTT_3_1_1 ->
                    Mqtt3Connection.connect(config, transport, username, password, onIncoming)
            }
        } catch (e: Throwable) {
            if (!transport.handedOver) transport.relay?.close()
            if (e is CancellationException) throw e
            throw ConnectHints.explain(config, ErrorMapping.connectFailure(e, where, transport.tls))
        }
    }

    private suspend fun transport(resources: AttemptResources): Transport {
        val timeoutMs = config.connectTimeout.inWholeMilliseconds
        val b = MqttClientTransportConfig.builder()
            .serverHost(config.endpoint)
            .serverPort(config.port)
            .socketConnectTimeout(timeoutMs, TimeUnit.MILLISECONDS)
            .mqttConnectTimeout(timeoutMs, TimeUnit.MILLISECONDS)
        config.proxy?.let { b.proxyConfig(proxy(it)) }
        val type = config.connectionType
        return when {
            type is ConnectionType.MutualTls && type.alpn -> relay(
                ALPN_MQTT_CA,
                TlsContexts.sslContext(type.identity, config.trust),
                resources,
            )
            type is ConnectionType.MutualTls -> {
                b.sslConfig(ssl(type.identity))
                direct(b, tls = true)
            }
            type is ConnectionType.CustomAuth && !type.overWebSocket ->
                relay(ALPN_MQTT, TlsContexts.sslContext(null, config.trust), resources)
            type is ConnectionType.CustomAuth -> {
                b.sslConfig(ssl(null)).webSocketConfig(webSocket(null))
                direct(b, tls = true)
            }
            type is ConnectionType.WebSocketSigV4 -> {
                val credentials = type.credentials.resolve()
                val hostHeader = if (config.port == 443) config.endpoint else "${config.endpoint}:${config.port}"
                val query = SigV4.presignWebSocketQuery(hostHeader, type.region, credentials)
                b.sslConfig(ssl(null)).webSocketConfig(webSocket(WebSocketQuery.forHiveMq(query)))
                direct(b, tls = true)
            }
            type is ConnectionType.Tcp && type.tls -> {
                b.sslConfig(ssl(type.identity))
                direct(b, tls = true)
            }
            else -> direct(b, tls = false)
        }
    }

    private fun direct(b: MqttClientTransportConfigBuilder, tls: Boolean) =
        Transport(b.build(), null, tls, config.clientId)

    private suspend fun relay(alpn: String, sslContext: SSLContext, resources: AttemptResources): Transport {
        val timeoutMs = config.connectTimeout.inWholeMilliseconds.toInt()
        val relay = resources.blocking {
            val target = AlpnTlsRelay.Target(
                config.endpoint,
                config.port,
                alpn,
                sslContext,
                TlsContexts.protocols,
                config.proxy,
                timeoutMs,
            )
            AlpnTlsRelay.open(target, resources)
        }
        relay.start(timeoutMs)
        onRelayOpened(relay)
        val t = MqttClientTransportConfig.builder()
            .serverHost(InetAddress.getLoopbackAddress())
            .serverPort(relay.localPort)
            .socketConnectTimeout(timeoutMs.toLong(), TimeUnit.MILLISECONDS)
            .mqttConnectTimeout(timeoutMs.toLong(), TimeUnit.MILLISECONDS)
            .build()
        return Transport(t, relay, tls = true, clientId = relay.key.clientId(config.clientId))
    }

    private fun ssl(identity: TlsIdentity?): MqttClientSslConfig {
        val b = MqttClientSslConfig.builder()
            .trustManagerFactory(TlsFactories.trustManagerFactory(config.trust))
            .protocols(TlsContexts.protocols)
            .handshakeTimeout(config.connectTimeout.inWholeMilliseconds, TimeUnit.MILLISECONDS)
        if (identity != null) b.keyManagerFactory(TlsFactories.keyManagerFactory(identity))
        return b.build()
    }

    private fun webSocket(query: String?): MqttWebSocketConfig {
        val b = MqttWebSocketConfig.builder().serverPath("mqtt").subprotocol("mqtt")
            .handshakeTimeout(config.connectTimeout.inWholeMilliseconds, TimeUnit.MILLISECONDS)
        if (query != null) b.queryString(query)
        return b.build()
    }

    private fun proxy(p: ProxyConfig): MqttProxyConfig {
        val b = MqttProxyConfig.builder()
            .protocol(if (p.type == ProxyConfig.Type.HTTP) MqttProxyProtocol.HTTP else MqttProxyProtocol.SOCKS_5)
            .host(p.host).port(p.port)
            // HiveMQ's own default (10 s) would keep a stalled proxy handshake open past the connect timeout
            .handshakeTimeout(config.connectTimeout.inWholeMilliseconds, TimeUnit.MILLISECONDS)
        p.username?.let { b.username(it) }
        p.password?.let { b.password(it) }
        return b.build()
    }

    companion object {
        /** The default [onRelayOpened]: one shared instance (a `{}` default would be a new object per client). */
        private val NO_HOOK: suspend (AlpnTlsRelay) -> Unit = {}

        const val ALPN_MQTT_CA: String = "x-amzn-mqtt-ca"
        const val ALPN_MQTT: String = "mqtt"

        /**
         * HiveMQ hands its results and incoming messages to an "application scheduler" (by default RxJava's computation
         * pool: one more thread hop per acknowledgement and per message). The SDK's handlers never block and never run
         * user code (they complete deferreds and fill bounded buffers; coroutines resume on their own dispatchers), so
         * they run where HiveMQ produced the event, on its Netty thread.
         */
        private val inline: MqttClientExecutorConfig = MqttClientExecutorConfig.builder()
            .applicationScheduler(Schedulers.from(Executor { it.run() }))
            .build()

        internal fun clientBuilder(transport: Transport) =
            MqttClient.builder().identifier(transport.clientId).transportConfig(transport.config).executorConfig(inline)
    }
}
