package dev.iotsdk.tunneling.internal

import dev.iotsdk.tunneling.SecureTunnelConfig
import dev.iotsdk.tunneling.TunnelMode
import dev.iotsdk.tunneling.internal.wire.MessageType
import dev.iotsdk.tunneling.internal.wire.TunnelMessage
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.channels.ClosedSendChannelException
import kotlinx.coroutines.launch
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock
import kotlinx.coroutines.withContext
import org.slf4j.LoggerFactory
import java.io.IOException
import java.net.InetSocketAddress
import java.net.Socket
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong

/**
 * The streams of one tunnel WebSocket session, both modes (LP-V1/V2/V3 "message flow"): a destination opens a TCP
 * connection per `STREAM_START` / `CONNECTION_START` to the service's configured address, answering a failed connect
 * with a reset; a source starts a stream (V3: a connection of the active stream) per accepted socket ([carry]); both
 * pump `DATA` each way and honour `STREAM_RESET`, `CONNECTION_RESET` and `SESSION_RESET`. [send] writes one message
 * to the WebSocket and suspends while its outgoing buffer is full; [handle] is called by the one reader coroutine and
 * suspends while the target connection's buffer is full.
 *
 * Every change of which stream is active and which connections it has (a local socket accepted or ended, a start or
 * reset from the peer) is decided and announced under one lock ([lifecycle]), so the messages go out in the order of
 * the decisions: sockets accepted at the same instant become one stream and its further connections, never two
 * streams of which the peer keeps only the second.
 */
internal class TunnelSession(
    private val config: SecureTunnelConfig,
    /** The negotiated protocol version (1, 2 or 3). */
    val version: Int,
    private val scope: CoroutineScope,
    private val send: suspend (TunnelMessage) -> Unit,
    private val streamIds: AtomicInteger,
    /** Bytes held in connection buffers, for tests and metrics. */
    private val buffered: AtomicLong,
    /** The most [buffered] has held. */
    private val highWater: AtomicLong,
) {
    private val log = LoggerFactory.getLogger(TunnelSession::class.java)
    private val streams = Streams()
    private val connectionIds = AtomicInteger(1)

    /** Held while a stream or connection is started, reset or ended and the message saying so is sent. */
    private val lifecycle = Mutex()

    @Volatile var availableServices: List<String> = emptyList()
        private set

    /** The configured key of [wire] (a V1 message has no service id: the one configured service). */
    private fun local(wire: String): String = if (wire.isEmpty() || version == 1) {
        (if (config.mode == TunnelMode.SOURCE) config.sources.keys else config.destinations.keys).first()
    } else {
        wire
    }

    private fun wireService(local: String) = if (version >= 2) local else ""

    private fun wireConnection(id: Int) = if (version >= V3) id else 0

    suspend fun handle(m: TunnelMessage) {
        val service = local(m.serviceId)
        val connection = if (m.connectionId == 0) 1 else m.connectionId
        when (m.type) {
            // DATA for a stream other than the active one is stale (LP guides); waits for room without the lock
            MessageType.DATA -> if (streams.activeStream(service) == m.streamId) data(service, connection, m.payload)
            MessageType.SERVICE_IDS -> availableServices = m.availableServiceIds
            MessageType.UNKNOWN -> log.debug("ignoring a message of an unknown type (ignorable={})", m.ignorable)
            else -> lifecycle.withLock { control(m, service, connection) }
        }
    }

    /** Under [lifecycle]: a start or reset from the peer. */
    private suspend fun control(m: TunnelMessage, service: String, connection: Int) {
        // resets and V3 connection starts for a stream other than the active one are stale (LP guides)
        val current = streams.activeStream(service) == m.streamId
        when (m.type) {
            MessageType.STREAM_START -> streamStart(service, m.streamId, connection)
            MessageType.CONNECTION_START -> if (current) connectionStart(service, m.streamId, connection)
            MessageType.STREAM_RESET -> if (current) streams.resetService(service, graceful = true)
            MessageType.CONNECTION_RESET -> if (current) connectionReset(service, connection)
            MessageType.SESSION_RESET -> streams.closeAll()
            else -> Unit
        }
    }

    private fun connectionReset(service: String, connection: Int) {
        val c = streams.connection(service, connection) ?: return
        // the data the peer sent before its end is still written out
        if (streams.remove(c)) c.finish()
    }

    private suspend fun data(service: String, connection: Int, payload: ByteArray) {
        val c = streams.connection(service, connection) ?: return
        highWater.accumulateAndGet(buffered.addAndGet(payload.size.toLong()), ::maxOf)
        try {
            c.inbound.send(payload)
        } catch (ignored: ClosedSendChannelException) {
            buffered.addAndGet(-payload.size.toLong())
        }
    }

    private fun streamStart(service: String, stream: Int, connection: Int) {
        streams.resetService(service)
        if (config.mode == TunnelMode.DESTINATION) {
            streams.setActive(service, stream)
            open(service, stream, connection)
        } else {
            // a source never receives STREAM_START (LP guides: treat it as an error): the stream is closed
            log.warn("a source received STREAM_START: resetting stream {}", stream)
        }
    }

    private suspend fun connectionStart(service: String, stream: Int, connection: Int) {
        if (config.mode == TunnelMode.SOURCE) {
            log.warn("a source received CONNECTION_START: ignored")
        } else if (streams.connection(service, connection) != null) {
            send(reset(MessageType.CONNECTION_RESET, service, stream, connection))
        } else {
            open(service, stream, connection)
        }
    }

    private fun reset(type: MessageType, service: String, stream: Int, connection: Int) =
        TunnelMessage(type, stream, serviceId = wireService(service), connectionId = wireConnection(connection))

    /** Destination: connects [service]'s address for a new connection; the connection buffers data meanwhile. */
    private fun open(service: String, stream: Int, connectionId: Int) {
        val target = config.destinations[service]
        val c = LocalConnection(service, stream, connectionId, config.connectionBuffer)
        if (target == null || !streams.add(c)) {
            scope.launch { send(reset(MessageType.STREAM_RESET, service, stream, connectionId)) }
            return
        }
        scope.launch(Dispatchers.IO) {
            val socket = try {
                Socket().apply {
                    tcpNoDelay = true
                    connect(InetSocketAddress(target.first, target.second), CONNECT_TIMEOUT_MS)
                }
            } catch (e: IOException) {
                log.info(
                    "service {} at {}:{} refused a connection: {}",
                    service,
                    target.first,
                    target.second,
                    e.message,
                )
                if (streams.remove(c) && c.close()) {
                    lifecycle.withLock {
                        // a newer stream replaced this one meanwhile: the peer has forgotten it already
                        if (streams.activeStream(service) != stream) return@withLock
                        val type = if (connectionId == 1) MessageType.STREAM_RESET else MessageType.CONNECTION_RESET
                        if (type == MessageType.STREAM_RESET) streams.resetService(service)
                        send(reset(type, service, stream, connectionId))
                    }
                }
                return@launch
            }
            pump(c, socket)
        }
    }

    /** Source: carries an accepted [socket] of [service] as a new stream, or (V3) a new connection of the active one. */
    suspend fun carry(service: String, socket: Socket) {
        pump(lifecycle.withLock { start(service) }, socket)
    }

    /** Under [lifecycle]: registers a source's new connection of [service] and tells the peer. */
    private suspend fun start(service: String): LocalConnection {
        val active = streams.activeStream(service)
        val c: LocalConnection
        if (version >= V3 && active != null) {
            c = LocalConnection(service, active, connectionIds.incrementAndGet(), config.connectionBuffer)
            streams.add(c)
            send(
                TunnelMessage(
                    MessageType.CONNECTION_START,
                    active,
                    serviceId = wireService(service),
                    connectionId = c.connectionId,
                ),
            )
        } else {
            if (active != null) streams.resetService(service)
            val stream = streamIds.incrementAndGet()
            connectionIds.set(1)
            streams.setActive(service, stream)
            c = LocalConnection(service, stream, 1, config.connectionBuffer)
            streams.add(c)
            send(
                TunnelMessage(
                    MessageType.STREAM_START,
                    stream,
                    serviceId = wireService(service),
                    connectionId = wireConnection(1),
                ),
            )
        }
        return c
    }

    /** Pumps [socket] both ways for [c] until either side ends; a local end is told to the peer with a reset. */
    private fun pump(c: LocalConnection, socket: Socket) {
        c.socket = socket
        if (c.isClosed) runCatching { socket.close() }
        scope.launch(Dispatchers.IO) {
            try {
                val out = socket.getOutputStream()
                for (bytes in c.inbound) {
                    buffered.addAndGet(-bytes.size.toLong())
                    out.write(bytes)
                }
            } catch (e: IOException) {
                log.debug("local connection {} write ended: {}", c.connectionId, e.message)
            }
            localEnd(c)
        }
        scope.launch(Dispatchers.IO) {
            val input = socket.getInputStream()
            val chunk = ByteArray(TunnelMessage.MAX_PAYLOAD)
            try {
                while (true) {
                    val n = input.read(chunk)
                    if (n < 0) break
                    send(
                        TunnelMessage(
                            MessageType.DATA,
                            c.streamId,
                            payload = chunk.copyOf(n),
                            serviceId = wireService(c.serviceId),
                            connectionId = wireConnection(c.connectionId),
                        ),
                    )
                }
            } catch (e: IOException) {
                log.debug("local connection {} read ended: {}", c.connectionId, e.message)
            }
            localEnd(c)
        }
    }

    /** The local side of [c] ended: tell the peer (V3: that connection; else the stream), unless already reset. */
    private suspend fun localEnd(c: LocalConnection) {
        if (!streams.remove(c)) {
            c.close()
            return
        }
        c.close()
        withContext(Dispatchers.Default) {
            runCatching {
                lifecycle.withLock { announceEnd(c) }
            }
        }
    }

    /** Under [lifecycle]: tells the peer [c] ended, unless its stream was replaced meanwhile (the peer forgot it). */
    private suspend fun announceEnd(c: LocalConnection) {
        if (streams.activeStream(c.serviceId) != c.streamId) return
        if (version >= V3 && streams.connectionsOf(c.serviceId) > 0) {
            send(reset(MessageType.CONNECTION_RESET, c.serviceId, c.streamId, c.connectionId))
        } else {
            streams.resetService(c.serviceId)
            send(reset(MessageType.STREAM_RESET, c.serviceId, c.streamId, c.connectionId))
        }
    }

    /** The WebSocket ended: every stream is invalid (no message is sent). */
    fun close() {
        streams.closeAll()
    }

    private companion object {
        const val V3 = 3
        const val CONNECT_TIMEOUT_MS = 10_000
    }
}
