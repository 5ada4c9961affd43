package dev.iotsdk.core.internal

import dev.iotsdk.core.ConnectionType
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.IotMqttClientConfig
import dev.iotsdk.core.NegotiatedSettings
import dev.iotsdk.core.internal.transport.ErrorMapping
import org.slf4j.Logger
import org.slf4j.LoggerFactory

/**
 * What the connection loop tells the application's log (SLF4J logger `dev.iotsdk.core.IotMqttClient`): attempts,
 * successes and losses at INFO, failed attempts with their cause at WARN. Only the endpoint, port, client id, the kind
 * of connection and exception messages (which never carry payloads or secrets) are logged: no certificate, key,
 * credential, token, signature, signed URL or custom-authorizer value.
 *
 * A value class over the configuration: a client makes one per use, and nothing is kept per client.
 */
@JvmInline
internal value class ConnectionLog(private val config: IotMqttClientConfig) {
    private val target: String get() = "${config.endpoint}:${config.port} as '${config.clientId}'"

    fun attempting(attempt: Int) {
        if (log.isInfoEnabled) log.info("Connecting to {} over {} (attempt {})", target, kind(), attempt)
    }

    fun connected(settings: NegotiatedSettings) {
        if (log.isInfoEnabled) {
            log.info(
                "Connected to {} ({}, session present: {}, keep-alive {} s)",
                target,
                config.mqttVersion,
                settings.sessionPresent,
                settings.keepAliveSeconds,
            )
        }
    }

    fun attemptFailed(attempt: Int, cause: Throwable, retryInMillis: Long?) {
        if (!log.isWarnEnabled) return
        if (retryInMillis == null) {
            log.warn("Connecting to {} failed (attempt {}), giving up: {}", target, attempt, describe(cause))
        } else {
            log.warn(
                "Connecting to {} failed (attempt {}), retrying in {} ms: {}",
                target,
                attempt,
                retryInMillis,
                describe(cause),
            )
        }
    }

    fun lost(cause: Throwable, retryInMillis: Long) {
        if (log.isInfoEnabled) {
            log.info("Connection to {} lost, reconnecting in {} ms: {}", target, retryInMillis, describe(cause))
        }
    }

    fun stopped(closed: Boolean) {
        if (log.isInfoEnabled) log.info(if (closed) "Client {} closed" else "Client {} disconnected", target)
    }

    private fun kind(): String = when (val type = config.connectionType) {
        is ConnectionType.MutualTls -> if (type.alpn) "mutual TLS with ALPN" else "mutual TLS"
        is ConnectionType.WebSocketSigV4 -> "WebSocket (SigV4)"
        is ConnectionType.CustomAuth ->
            if (type.overWebSocket) "WebSocket (custom authorizer)" else "a custom authorizer"
        is ConnectionType.Tcp -> if (type.tls) "TLS" else "plain TCP"
    }

    private companion object {
        val log: Logger = LoggerFactory.getLogger(IotMqttClient::class.java)

        /** The exception's message and its causes' (class and message), one line; messages hold no secrets. */
        fun describe(e: Throwable): String = ErrorMapping.chain(e)
            .take(4)
            .joinToString(" <- ") { "${it.javaClass.simpleName}: ${it.message}" }
    }
}
