package dev.iotsdk.core.internal.transport

import dev.iotsdk.common.IotSdkException
import dev.iotsdk.core.ConnectFailedException
import dev.iotsdk.core.ConnectionType
import dev.iotsdk.core.IotMqttClientConfig

/** Advice that only the configuration can give, added to a failed connect's exception. */
internal object ConnectHints {
    private const val HTTPS_PORT = 443

    /**
     * Port 443 with mutual TLS but without ALPN: AWS IoT answers MQTT there only with ALPN `x-amzn-mqtt-ca`, so the
     * attempt ends in a CONNACK timeout or a closed connection that says nothing of the cause.
     */
    fun explain(config: IotMqttClientConfig, e: IotSdkException): IotSdkException {
        val type = config.connectionType
        if (config.port != HTTPS_PORT || type !is ConnectionType.MutualTls || type.alpn) return e
        // exactly a ConnectFailedException: a subclass (a refused CONNACK, a TLS failure) already says why
        if (e.javaClass != ConnectFailedException::class.java) return e
        return ConnectFailedException(
            "${e.message}. Port 443 takes MQTT with mutual TLS only with ALPN x-amzn-mqtt-ca: use " +
                "ConnectionType.MutualTls(identity, alpn = true) (Java: builder.mutualTls(identity, true)), or " +
                "connect over WebSocket (WebSocketSigV4) or with a custom authorizer; or use port 8883",
            e.cause ?: e,
            e.isRetryable,
        )
    }
}
