package dev.iotsdk.emulator.internal.tunneling

import io.netty.buffer.ByteBuf
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import org.slf4j.LoggerFactory
import java.security.SecureRandom
import java.time.Instant
import java.util.Base64
import java.util.UUID
import java.util.concurrent.ConcurrentHashMap

/**
 * The secure tunneling service: tunnels and their access tokens (control plane, [TunnelingApi]), the notification
 * to the destination thing (`$aws/things/<thing>/tunnels/notify`, DG:agent-snippet), and the data plane's pairing of
 * one source and one destination WebSocket per tunnel ([TunnelPeer]).
 *
 * Token rules (LP-V2/V3 "client-token", DG:secure-tunneling-concepts): an access token used without a client token
 * is spent after one handshake; used with one, it binds that client token, and later handshakes with the same access
 * token must present the same client token; a client token is bound to one access token only. A new peer on a side
 * replaces the old one, and the other side gets `STREAM_RESET` for every stream that was active.
 */
internal class TunnelingService(
    private val region: String,
    private val accountId: String,
    private val publish: (topic: String, payload: ByteArray) -> Unit,
    private val clock: () -> Instant = Instant::now,
) {
    private val log = LoggerFactory.getLogger(TunnelingService::class.java)
    private val tunnels = ConcurrentHashMap<String, Tunnel>()
    private val clientTokens = ConcurrentHashMap<String, String>()
    private val active = ConcurrentHashMap<Tunnel, MutableMap<String, Int>>()
    private val random = SecureRandom()

    fun open(settings: TunnelSettings): Tunnel {
        val id = UUID.randomUUID().toString()
        val tunnel = Tunnel(id, "arn:aws:iot:$region:$accountId:tunnel/$id", settings, clock())
        tunnel.sides.values.forEach { it.accessToken = newToken() }
        tunnels[id] = tunnel
        notifyDestination(tunnel)
        return tunnel
    }

    fun find(id: String): Tunnel? = tunnels[id]?.also { expire(it) }

    fun all(): List<Tunnel> = tunnels.values.onEach { expire(it) }.sortedByDescending { it.createdAt }

    fun close(tunnel: Tunnel, delete: Boolean) {
        synchronized(tunnel) {
            tunnel.closed = true
            tunnel.lastUpdatedAt = clock()
            tunnel.sides.values.forEach { it.peer?.channel?.close() }
        }
        if (delete) tunnels.remove(tunnel.id)
    }

    /** Revokes the tokens of [sides], closes their connections and notifies the destination when asked. */
    fun rotate(tunnel: Tunnel, sides: Set<TunnelSide>, notify: Boolean) {
        synchronized(tunnel) {
            sides.forEach { side ->
                val s = tunnel.sides.getValue(side)
                s.clientToken?.let { clientTokens.remove(it) }
                s.clientToken = null
                s.spent = false
                s.accessToken = newToken()
                s.peer?.channel?.close()
            }
            tunnel.lastUpdatedAt = clock()
        }
        if (notify) notifyDestination(tunnel)
    }

    private fun expire(tunnel: Tunnel) {
        if (!tunnel.closed && clock().isAfter(tunnel.expiresAt)) close(tunnel, false)
    }

    /** The handshake's verdict: the tunnel and side, or why not (the HTTP status and a text without secrets). */
    sealed class Admission {
        class Admitted(val tunnel: Tunnel, val side: TunnelSide) : Admission()

        class Refused(val status: Int, val reason: String) : Admission()
    }

    /** Decides a handshake with [accessToken] in [mode] with an optional [clientToken]; binds tokens when admitted. */
    fun admit(accessToken: String, mode: TunnelSide, clientToken: String?): Admission {
        val (tunnel, side) = tunnels.values.firstNotNullOfOrNull { t ->
            t.sides.entries.firstOrNull { it.value.accessToken == accessToken }?.let { t to it.key }
        } ?: return Admission.Refused(UNAUTHORIZED, "invalid access token")
        expire(tunnel)
        synchronized(tunnel) {
            val s = tunnel.sides.getValue(side)
            return when {
                tunnel.closed -> Admission.Refused(GONE, "the tunnel is closed")
                side != mode -> Admission.Refused(BAD_REQUEST, "local-proxy-mode does not match the access token")
                s.spent -> Admission.Refused(UNAUTHORIZED, "the access token was already used without a client token")
                s.clientToken != null && s.clientToken != clientToken ->
                    Admission.Refused(UNAUTHORIZED, "the access token is bound to another client token")
                s.clientToken == null &&
                    clientToken != null &&
                    clientTokens.putIfAbsent(clientToken, accessToken) != null ->
                    Admission.Refused(UNAUTHORIZED, "the client token is already in use")
                else -> {
                    if (clientToken == null) s.spent = true else s.clientToken = clientToken
                    Admission.Admitted(tunnel, side)
                }
            }
        }
    }

    /** [peer] finished its handshake: it replaces the side's old peer; streams the old one carried are reset. */
    fun connected(peer: TunnelPeer) {
        val tunnel = peer.tunnel
        val replaced: TunnelPeer?
        val streams: Map<String, Int>
        synchronized(tunnel) {
            val s = tunnel.sides.getValue(peer.side)
            replaced = s.peer
            s.peer = peer
            s.lastUpdatedAt = clock()
            streams = active.remove(tunnel).orEmpty()
        }
        replaced?.channel?.close()
        if (peer.version >= 2) peer.send(WireMessage.frame(WireMessage.SERVICE_IDS, available = tunnel.services))
        val other = peerOf(peer) ?: return
        streams.forEach { (service, stream) ->
            other.send(WireMessage.frame(WireMessage.STREAM_RESET, stream, if (other.version >= 2) service else ""))
        }
    }

    fun disconnected(peer: TunnelPeer) {
        synchronized(peer.tunnel) {
            val s = peer.tunnel.sides.getValue(peer.side)
            if (s.peer === peer) {
                s.peer = null
                s.lastUpdatedAt = clock()
            }
        }
        peerOf(peer)?.channel?.config()?.isAutoRead = true
    }

    fun peerOf(peer: TunnelPeer): TunnelPeer? =
        peer.tunnel.sides.getValue(peer.side.other).peer?.takeIf { it.channel.isActive }

    /** Keeps the active stream per service, to reset it when a peer is replaced. */
    fun observe(peer: TunnelPeer, m: WireMessage) {
        val streams = active.computeIfAbsent(peer.tunnel) { ConcurrentHashMap() }
        when (m.type) {
            WireMessage.STREAM_START -> streams[m.serviceId] = m.streamId
            WireMessage.STREAM_RESET -> streams.remove(m.serviceId, m.streamId)
        }
    }

    /** Relays [frames] from [from] to the other side; with no peer there, they are dropped. */
    fun relay(from: TunnelPeer, frames: ByteBuf) {
        val to = peerOf(from)
        if (to != null) {
            // back-pressure: the receiver's writability events switch the sender's reading (TunnelPeer)
            to.send(frames)
        } else {
            frames.release()
        }
    }

    fun refused(peer: TunnelPeer, reason: String) {
        log.info("tunnel {} {}: message refused, closing the WebSocket: {}", peer.tunnel.id, peer.side.mode, reason)
    }

    private fun notifyDestination(tunnel: Tunnel) {
        val thing = tunnel.thingName ?: return
        val payload = buildJsonObject {
            put("clientAccessToken", tunnel.sides.getValue(TunnelSide.DESTINATION).accessToken)
            put("clientMode", "destination")
            put("region", region)
            put("services", JsonArray(tunnel.services.map { JsonPrimitive(it) }))
        }
        publish("\$aws/things/$thing/tunnels/notify", payload.toString().toByteArray())
    }

    private fun newToken(): String {
        val bytes = ByteArray(TOKEN_BYTES)
        random.nextBytes(bytes)
        return "AQG" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)
    }

    private companion object {
        const val TOKEN_BYTES = 96
        const val BAD_REQUEST = 400
        const val UNAUTHORIZED = 401
        const val GONE = 410
    }
}
