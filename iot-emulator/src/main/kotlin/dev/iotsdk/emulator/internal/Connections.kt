package dev.iotsdk.emulator.internal

import dev.iotsdk.emulator.EmulatorEvent
import io.netty.channel.Channel
import kotlinx.coroutines.channels.BufferOverflow
import kotlinx.coroutines.flow.MutableSharedFlow
import java.net.InetSocketAddress
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicLong

internal enum class AuthMode(val label: String) {
    CERTIFICATE("certificate"),
    SIGV4("sigv4"),
    AUTHORIZED_AT_UPGRADE("custom-authorizer"),
    AUTHORIZER_AT_CONNECT("custom-authorizer"),
    ANONYMOUS("anonymous"),
}

/** The outcome of a successful custom-authorizer call. */
internal class AuthorizerOutcome(val principalId: String?, val policies: List<Policy>, val disconnectAfterSeconds: Int?)

/** What the front door learned about a connection before handing it to the broker. */
internal class ConnectionAttributes(
    val listener: String,
    val transport: String,
    val alpn: String?,
    val authMode: AuthMode,
    val certificateId: String? = null,
    val thingName: String? = null,
    val accessKeyId: String? = null,
    val authorizer: AuthorizerOutcome? = null,
    val serverName: String? = null,
)

/** One authenticated MQTT connection. */
internal class ClientSession(
    val sessionId: String,
    val clientId: String,
    val attributes: ConnectionAttributes,
    val mqttVersion: Int,
    val ipAddress: String?,
    val versionNumber: Long,
    val principal: String,
    val authorizer: AuthorizerOutcome?,
    val username: String?,
    val usernameMetadata: Map<String, String>,
) {
    @Volatile
    var disconnectReason: String? = null

    /** Topic filters granted on this connection (for the 50-per-connection limit). */
    val subscriptions: MutableSet<String> = ConcurrentHashMap.newKeySet()

    /** The connection's policy condition keys, made on first use (see [ConditionKeys]). */
    @Volatile
    var conditionKeys: ((String) -> List<String>?)? = null

    /** Filters of SUBSCRIBE packets with more than 8 entries, refused by the authorizer. */
    val oversizedSubscribe: MutableSet<String> = ConcurrentHashMap.newKeySet()
}

/** A front-door connection relayed to the broker: what was learned about it, and the relay's broker-side socket. */
internal class RelayedConnection(val attributes: ConnectionAttributes, val relay: Channel)

/** Shared mutable state between the front door and the broker extension. */
internal class ConnectionTable {
    /** Connections relayed to the broker, by the local address of the relay's socket to the broker. */
    val relays: ConcurrentHashMap<InetSocketAddress, RelayedConnection> = ConcurrentHashMap()

    /**
     * The identity of the broker connection [brokerChannel] when it is the far end of one of the front door's open
     * relays: the relay's local address is [brokerChannel]'s remote one and the other way round. A connection made to
     * an internal listener by anything else (another process, another address, a port number that once belonged to a
     * relay) matches no open relay and has no identity.
     */
    fun relayedIdentity(brokerChannel: Channel): ConnectionAttributes? {
        val remote = brokerChannel.remoteAddress() as? InetSocketAddress ?: return null
        val entry = relays[remote] ?: return null
        val paired = entry.relay.localAddress() == remote && entry.relay.remoteAddress() == brokerChannel.localAddress()
        return entry.attributes.takeIf { paired && entry.relay.isActive && brokerChannel.isActive }
    }
    val sessions: ConcurrentHashMap<String, ClientSession> = ConcurrentHashMap()
    val sessionByClientId: ConcurrentHashMap<String, String> = ConcurrentHashMap()
    private val versions = ConcurrentHashMap<String, AtomicLong>()

    fun nextVersion(clientId: String): Long = versions.computeIfAbsent(clientId) { AtomicLong() }.incrementAndGet()
}

/** Emits events to live subscribers and into a bounded replay log. */
internal class EventBus(capacity: Int) {
    val live: MutableSharedFlow<EmulatorEvent> =
        MutableSharedFlow(replay = 0, extraBufferCapacity = capacity, onBufferOverflow = BufferOverflow.DROP_OLDEST)
    val log: MutableSharedFlow<EmulatorEvent> =
        MutableSharedFlow(replay = capacity, extraBufferCapacity = 0, onBufferOverflow = BufferOverflow.DROP_OLDEST)

    fun emit(event: EmulatorEvent) {
        log.tryEmit(event)
        live.tryEmit(event)
    }
}
