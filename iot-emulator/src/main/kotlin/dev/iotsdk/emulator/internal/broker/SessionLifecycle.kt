package dev.iotsdk.emulator.internal.broker

import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput
import com.hivemq.extension.sdk.api.events.client.parameters.ClientInitiatedDisconnectInput
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionLostInput
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput
import com.hivemq.extension.sdk.api.events.client.parameters.ServerInitiatedDisconnectInput
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode
import com.hivemq.extension.sdk.api.packets.general.DisconnectedReasonCode
import dev.iotsdk.emulator.EmulatorEvent
import dev.iotsdk.emulator.internal.ClientSession
import kotlinx.serialization.json.JsonObjectBuilder
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import java.util.concurrent.ScheduledExecutorService
import java.util.concurrent.TimeUnit

/**
 * Connection lifecycle: the connection tables, [EmulatorEvent.ClientConnected] / [EmulatorEvent.ClientDisconnected],
 * the presence events on `$aws/events/presence/…` with AWS's disconnect reasons, and a custom authorizer's
 * `disconnectAfterInSeconds`.
 */
internal class SessionLifecycle(private val context: BrokerContext, private val scheduler: ScheduledExecutorService) :
    ClientLifecycleEventListener {

    override fun onMqttConnectionStart(input: ConnectionStartInput) = Unit

    override fun onAuthenticationSuccessful(input: AuthenticationSuccessfulInput) {
        val session = context.sessionOf(input.connectionInformation) ?: return
        context.table.sessionByClientId[session.clientId] = session.sessionId
        context.events.emit(
            EmulatorEvent.ClientConnected(
                clientId = session.clientId,
                listener = session.attributes.listener,
                alpn = session.attributes.alpn,
                thingName = session.attributes.thingName,
                mqttVersion = session.mqttVersion,
                username = session.username,
                transport = session.attributes.transport,
                authentication = session.attributes.authMode.label,
                principal = session.principal,
                usernameMetadata = session.usernameMetadata,
            ),
        )
        presence("connected", session) {
            put("ipAddress", session.ipAddress ?: "127.0.0.1")
        }
        session.authorizer?.disconnectAfterSeconds?.let { seconds ->
            scheduler.schedule({
                if (context.table.sessions.containsKey(session.sessionId)) {
                    session.disconnectReason = "CUSTOMAUTH_TTL_EXPIRATION"
                    context.clientService.disconnectClient(
                        session.clientId,
                        false,
                        DisconnectReasonCode.NOT_AUTHORIZED,
                        "disconnectAfterInSeconds elapsed",
                    )
                }
            }, seconds.toLong(), TimeUnit.SECONDS)
        }
    }

    override fun onClientInitiatedDisconnect(input: ClientInitiatedDisconnectInput) =
        ended(input, "CLIENT_INITIATED_DISCONNECT")

    override fun onConnectionLost(input: ConnectionLostInput) = ended(input, "CONNECTION_LOST")

    override fun onServerInitiatedDisconnect(input: ServerInitiatedDisconnectInput) {
        val reason = when (input.reasonCode.orElse(null)) {
            DisconnectedReasonCode.SESSION_TAKEN_OVER -> "DUPLICATE_CLIENTID"
            DisconnectedReasonCode.NOT_AUTHORIZED -> "AUTH_ERROR"
            DisconnectedReasonCode.KEEP_ALIVE_TIMEOUT -> "MQTT_KEEP_ALIVE_TIMEOUT"
            DisconnectedReasonCode.PACKET_TOO_LARGE -> "CLIENT_ERROR"
            else -> "SERVER_INITIATED_DISCONNECT"
        }
        ended(input, reason)
    }

    override fun onDisconnect(input: DisconnectEventInput) = ended(input, "SERVER_INITIATED_DISCONNECT")

    private fun ended(input: DisconnectEventInput, defaultReason: String) {
        val session = context.sessionOf(input.connectionInformation) ?: return
        if (context.table.sessions.remove(session.sessionId) == null) return
        context.table.sessionByClientId.remove(session.clientId, session.sessionId)
        val reason = session.disconnectReason ?: defaultReason
        context.events.emit(EmulatorEvent.ClientDisconnected(session.clientId, reason))
        presence("disconnected", session) {
            put("clientInitiatedDisconnect", reason == "CLIENT_INITIATED_DISCONNECT")
            put("disconnectReason", reason)
        }
    }

    private fun presence(type: String, session: ClientSession, extra: JsonObjectBuilder.() -> Unit) {
        val json = buildJsonObject {
            put("clientId", session.clientId)
            put("timestamp", System.currentTimeMillis())
            put("eventType", type)
            put("sessionIdentifier", session.sessionId)
            put("principalIdentifier", session.principal)
            extra()
            put("versionNumber", session.versionNumber)
        }
        context.publishLifecycle("\$aws/events/presence/$type/${session.clientId}", json)
    }
}
