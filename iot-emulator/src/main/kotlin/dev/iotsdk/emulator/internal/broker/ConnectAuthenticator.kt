package dev.iotsdk.emulator.internal.broker

import com.hivemq.extension.sdk.api.async.TimeoutFallback
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode
import com.hivemq.extension.sdk.api.packets.general.MqttVersion
import dev.iotsdk.emulator.EmulatorEvent
import dev.iotsdk.emulator.internal.AuthMode
import dev.iotsdk.emulator.internal.AuthorizerOutcome
import dev.iotsdk.emulator.internal.BrokerConfig
import dev.iotsdk.emulator.internal.ClientSession
import dev.iotsdk.emulator.internal.ConnectionAttributes
import dev.iotsdk.emulator.internal.CustomAuthFailure
import dev.iotsdk.emulator.internal.CustomAuthRunner
import dev.iotsdk.emulator.internal.splitUsername
import org.slf4j.LoggerFactory
import java.nio.ByteBuffer
import java.time.Duration
import java.util.Base64
import java.util.UUID
import java.util.concurrent.ExecutorService
import java.util.concurrent.RejectedExecutionException

/**
 * Authenticates every MQTT CONNECT: the connection's identity comes from the front door (client certificate, SigV4
 * or custom authorizer at the WebSocket upgrade) or from a custom authorizer run here with the CONNECT's user name and
 * password; the plain listener is anonymous. Then the client id limit and `iot:Connect` on `client/<clientId>`.
 */
internal class ConnectAuthenticator(
    private val context: BrokerContext,
    private val authorizers: CustomAuthRunner,
    private val executor: ExecutorService,
) : SimpleAuthenticator {
    private val log = LoggerFactory.getLogger(ConnectAuthenticator::class.java)

    override fun onConnect(input: SimpleAuthInput, output: SimpleAuthOutput) {
        val connection = input.connectionInformation
        val clientId = input.connectPacket.clientId
        val attributes = when (connection.listener.map { it.name }.orElse("")) {
            BrokerConfig.PLAIN_LISTENER ->
                ConnectionAttributes(EmulatorEvent.LISTENER_PLAIN, "mqtt", null, AuthMode.ANONYMOUS)
            BrokerConfig.INTERNAL_TCP_LISTENER, BrokerConfig.INTERNAL_WS_LISTENER ->
                BrokerChannels.channelOf(connection)?.let { context.table.relayedIdentity(it) }
            else -> null
        }
        when {
            attributes == null ->
                refuse(output, EmulatorEvent.LISTENER_443, clientId, "connection not known to the front door")
            attributes.certificateId != null && !context.registry.isActive(attributes.certificateId) ->
                refuse(output, attributes.listener, clientId, "certificate ${attributes.certificateId} is not ACTIVE")
            clientId.length > BrokerLimits.MAX_CLIENT_ID_BYTES ||
                clientId.toByteArray().size > BrokerLimits.MAX_CLIENT_ID_BYTES -> refuse(
                output,
                attributes.listener,
                clientId,
                "client id longer than 128 bytes",
                ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
            )
            attributes.authMode != AuthMode.AUTHORIZER_AT_CONNECT ->
                complete(input, output, attributes, attributes.authorizer)
            else -> authorizeAtConnect(input, output, attributes)
        }
    }

    /** Runs the custom authorizer with the CONNECT's user name and password, off the broker's threads. */
    private fun authorizeAtConnect(input: SimpleAuthInput, output: SimpleAuthOutput, attributes: ConnectionAttributes) {
        val connect = input.connectPacket
        val clientId = connect.clientId
        val async = output.async(
            Duration.ofSeconds(BrokerLimits.AUTHORIZER_TIMEOUT_SECONDS),
            TimeoutFallback.FAILURE,
            ConnackReasonCode.NOT_AUTHORIZED,
            "authorizer timed out",
        )
        val (_, params) = splitUsername(connect.userName.orElse(null))
        val password = connect.password.orElse(null)?.let { Base64.getEncoder().encodeToString(it.toBytes()) }
        val protocols = if (attributes.transport == "websocket") WEBSOCKET_PROTOCOLS else MQTT_PROTOCOLS
        val run = Runnable {
            try {
                val outcome = authorizers.authorize(
                    params = params,
                    protocols = protocols,
                    serverName = attributes.serverName,
                    clientId = clientId,
                    username = connect.userName.orElse(null),
                    passwordBase64 = password,
                    headers = emptyMap(),
                    queryString = null,
                    connectionId = UUID.randomUUID().toString(),
                )
                complete(input, output, attributes, outcome)
            } catch (e: CustomAuthFailure) {
                refuse(output, attributes.listener, clientId, e.message ?: "custom authorizer refused")
            } catch (
                @Suppress("TooGenericExceptionCaught") e: RuntimeException,
            ) {
                log.warn("custom authorization failed", e)
                refuse(output, attributes.listener, clientId, "custom authorizer error")
            } finally {
                async.resume()
            }
        }
        try {
            executor.execute(run)
        } catch (ignored: RejectedExecutionException) {
            // the authorizer threads and their queue are full: refuse rather than queue without bound
            refuse(output, attributes.listener, clientId, "too many custom authorizer calls at once")
            async.resume()
        }
    }

    private fun complete(
        input: SimpleAuthInput,
        output: SimpleAuthOutput,
        attributes: ConnectionAttributes,
        authorizer: AuthorizerOutcome?,
    ) {
        val connect = input.connectPacket
        val clientId = connect.clientId
        val principal = attributes.certificateId ?: attributes.accessKeyId ?: authorizer?.principalId ?: "anonymous"
        val (user, params) = splitUsername(connect.userName.orElse(null))
        val tokenKeys = context.registry.authorizers.values.map { it.tokenKeyName }
        val metadata = params.filterKeys { !CustomAuthRunner.isAuthorizerParam(it, tokenKeys) }
        val session = ClientSession(
            sessionId = UUID.randomUUID().toString().replace("-", ""),
            clientId = clientId,
            attributes = attributes,
            mqttVersion = if (connect.mqttVersion == MqttVersion.V_5) 5 else 3,
            ipAddress = input.connectionInformation.inetAddress.map { it.hostAddress }.orElse(null),
            versionNumber = 0,
            principal = principal,
            authorizer = authorizer,
            username = user,
            usernameMetadata = metadata,
        )
        if (!context.isAllowed(session, "iot:Connect", context.arn("client", clientId))) {
            refuse(output, attributes.listener, clientId, "iot:Connect denied by policy")
            return
        }
        val withVersion = ClientSession(
            session.sessionId, clientId, attributes, session.mqttVersion, session.ipAddress,
            context.table.nextVersion(clientId), principal, authorizer, user, metadata,
        )
        context.bind(input.connectionInformation, withVersion)
        output.authenticateSuccessfully()
    }

    private fun refuse(
        output: SimpleAuthOutput,
        listener: String,
        clientId: String,
        reason: String,
        code: ConnackReasonCode = ConnackReasonCode.NOT_AUTHORIZED,
    ) {
        context.events.emit(EmulatorEvent.ConnectionRefused(listener, reason, clientId))
        output.failAuthentication(code, reason)
    }

    private companion object {
        val MQTT_PROTOCOLS = listOf("tls", "mqtt")
        val WEBSOCKET_PROTOCOLS = listOf("tls", "http", "mqtt")

        fun ByteBuffer.toBytes(): ByteArray = ByteArray(remaining()).also { duplicate().get(it) }
    }
}
