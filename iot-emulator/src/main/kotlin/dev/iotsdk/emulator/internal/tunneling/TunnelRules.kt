package dev.iotsdk.emulator.internal.tunneling

import dev.iotsdk.emulator.internal.tunneling.WireMessage.Companion.CONNECTION_RESET
import dev.iotsdk.emulator.internal.tunneling.WireMessage.Companion.CONNECTION_START
import dev.iotsdk.emulator.internal.tunneling.WireMessage.Companion.DATA
import dev.iotsdk.emulator.internal.tunneling.WireMessage.Companion.SERVICE_IDS
import dev.iotsdk.emulator.internal.tunneling.WireMessage.Companion.SESSION_RESET
import dev.iotsdk.emulator.internal.tunneling.WireMessage.Companion.STREAM_RESET
import dev.iotsdk.emulator.internal.tunneling.WireMessage.Companion.STREAM_START

/**
 * The rules LP-V1/V2/V3 set for frames a client sends ("Tunneling frames ... must ... satisfy the following rules"):
 * a non-zero type; no `STREAM_START` from a destination; no `SESSION_RESET` or `SERVICE_IDS` from any client; no
 * stream id 0 on stream and connection messages; a payload of at most 63 KiB; a service id, when given, one of the
 * tunnel's; no V3 connection messages from a V1/V2 client; and, once a client has sent a service id (or a connection
 * id), it keeps sending one.
 */
internal class TunnelRules(private val tunnel: Tunnel, private val side: TunnelSide, private val version: Int) {
    private var withServiceIds: Boolean? = null
    private var withConnectionIds: Boolean? = null

    fun check(m: WireMessage) {
        checkType(m)
        if (m.type in STREAM_TYPES && m.streamId == 0) fail("stream id 0 is not allowed")
        if (m.payloadSize > MAX_PAYLOAD) fail("payload of ${m.payloadSize} bytes is over $MAX_PAYLOAD")
        if (m.type in STREAM_TYPES) checkIds(m)
    }

    private fun checkType(m: WireMessage) {
        when (m.type) {
            0 -> fail("a message must have a type")
            SESSION_RESET, SERVICE_IDS -> fail("clients may not send type ${m.type}")
            STREAM_START -> if (side == TunnelSide.DESTINATION) fail("a destination may not start streams")
            CONNECTION_START, CONNECTION_RESET -> if (version < V3) fail("connection messages need protocol 3")
        }
    }

    private fun checkIds(m: WireMessage) {
        if (version >= V2) {
            val has = m.serviceId.isNotEmpty()
            if (has && m.serviceId !in tunnel.services) fail("service id is not one of the tunnel's")
            val before = withServiceIds
            if (before != null && before != has) fail("messages must all carry a service id or none")
            withServiceIds = has
        }
        if (version >= V3 && m.type == STREAM_START) withConnectionIds = m.hasConnectionId
        if (withConnectionIds == true && !m.hasConnectionId && m.type != STREAM_RESET) {
            fail("messages must carry a connection id once the stream started with one")
        }
    }

    private fun fail(reason: String): Nothing = throw BadTunnelMessage(reason)

    private companion object {
        const val V2 = 2
        const val V3 = 3
        const val MAX_PAYLOAD = 63 * 1024
        val STREAM_TYPES = setOf(DATA, STREAM_START, STREAM_RESET, CONNECTION_START, CONNECTION_RESET)
    }
}
