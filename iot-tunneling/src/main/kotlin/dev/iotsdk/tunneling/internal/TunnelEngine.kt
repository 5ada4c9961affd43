package dev.iotsdk.tunneling.internal

import dev.iotsdk.auth.TlsContexts
import dev.iotsdk.common.HttpEngine
import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.IotClientException
import dev.iotsdk.common.Jitter
import dev.iotsdk.common.internal.Backoff
import dev.iotsdk.common.internal.http.HttpClientSettings
import dev.iotsdk.common.internal.http.HttpClients
import dev.iotsdk.tunneling.SecureTunnelConfig
import dev.iotsdk.tunneling.TunnelHandshakeException
import dev.iotsdk.tunneling.TunnelMode
import dev.iotsdk.tunneling.TunnelState
import dev.iotsdk.tunneling.internal.wire.FrameReader
import dev.iotsdk.tunneling.internal.wire.Frames
import dev.iotsdk.tunneling.internal.wire.MalformedFrameException
import io.ktor.client.HttpClient
import io.ktor.client.plugins.websocket.DefaultClientWebSocketSession
import io.ktor.client.plugins.websocket.WebSockets
import io.ktor.client.plugins.websocket.webSocket
import io.ktor.client.request.header
import io.ktor.http.HttpHeaders
import io.ktor.websocket.ChannelOverflow
import io.ktor.websocket.Frame
import io.ktor.websocket.close
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.cancelChildren
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.isActive
import kotlinx.coroutines.launch
import org.slf4j.LoggerFactory
import java.net.InetAddress
import java.net.ServerSocket
import java.net.http.WebSocketHandshakeException
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong
import kotlin.random.Random
import kotlin.time.Duration.Companion.seconds

/**
 * Runs one [SecureTunnel][dev.iotsdk.tunneling.SecureTunnel]: the WebSocket to the tunneling service (Ktor client on
 * the JDK engine, TLS from the configuration's trust), reconnecting with full-jitter backoff and the same client token
 * after a failure (5xx or network), stopping on a 4xx; and, in source mode, the local listeners, which outlive
 * WebSocket sessions.
 */
@OptIn(InternalIotSdkApi::class)
internal class TunnelEngine(
    private val config: SecureTunnelConfig,
    private val scope: CoroutineScope,
    val state: MutableStateFlow<TunnelState>,
    val failure: MutableStateFlow<Throwable?>,
    val localPorts: MutableStateFlow<Map<String, Int>>,
    val protocolVersion: MutableStateFlow<Int?>,
) {
    private val log = LoggerFactory.getLogger(TunnelEngine::class.java)
    private val streamIds = AtomicInteger(Random.nextInt(1, STREAM_ID_SEED))
    val buffered = AtomicLong()
    val bufferedHighWater = AtomicLong()

    @Volatile private var session: TunnelSession? = null
    private val listeners = ArrayList<ServerSocket>()

    private val http: HttpClient = HttpClients.create(
        HttpEngine.JAVA,
        HttpClientSettings(
            TlsContexts.sslContext(null, config.trust),
            config.trust.trustManager(),
            CONNECT_TIMEOUT,
            SOCKET_TIMEOUT,
        ),
    ) { message, cause -> IotClientException(message, cause) }.config {
        install(WebSockets) {
            channels {
                incoming = bounded(WS_BUFFER, ChannelOverflow.SUSPEND)
                outgoing = bounded(WS_BUFFER, ChannelOverflow.SUSPEND)
            }
        }
    }

    fun start() {
        if (config.mode == TunnelMode.SOURCE) listen()
        scope.launch { connectLoop() }
    }

    private suspend fun connectLoop() {
        val backoff = Backoff(config.reconnectBaseDelay, config.reconnectMaxDelay, Jitter.FULL)
        while (scope.isActive) {
            state.value = TunnelState.CONNECTING
            try {
                runSession { backoff.reset() }
                log.info("tunnel WebSocket closed; reconnecting")
            } catch (e: CancellationException) {
                throw e
            } catch (
                @Suppress("TooGenericExceptionCaught") e: Exception,
            ) {
                val refused = handshakeStatus(e)
                if (refused != null && refused in CLIENT_ERRORS) {
                    failure.value =
                        TunnelHandshakeException(
                            refused,
                            "the tunneling service refused the handshake with HTTP $refused",
                        )
                    state.value = TunnelState.CLOSED
                    return
                }
                failure.value = e
                log.info("tunnel WebSocket failed ({}); reconnecting", e.javaClass.simpleName)
            }
            delay(backoff.next())
        }
    }

    private suspend fun runSession(onConnected: () -> Unit) {
        val url = "wss://${config.endpoint}:${config.port}/tunnel?local-proxy-mode=${config.mode.wireName}"
        http.webSocket(url, {
            header("access-token", config.accessToken)
            header("client-token", config.clientToken)
            // one value each: the JDK engine passes every value to WebSocket.Builder.subprotocols
            config.protocolVersions.forEach { header(HttpHeaders.SecWebSocketProtocol, "$PROTOCOL$it.0") }
        }) {
            val negotiated = call.response.headers[HttpHeaders.SecWebSocketProtocol]
            val version = negotiated?.removePrefix(PROTOCOL)?.substringBefore('.')?.toIntOrNull()
                ?.takeIf { it in config.protocolVersions } ?: config.protocolVersions.last()
            protocolVersion.value = version
            onConnected()
            coroutineScope {
                val s =
                    TunnelSession(config, version, this, {
                        outgoing.send(Frame.Binary(true, Frames.encode(it)))
                    }, streamIds, buffered, bufferedHighWater)
                session = s
                failure.value = null
                state.value = TunnelState.CONNECTED
                val pinger = launch { ping() }
                try {
                    read(this@webSocket, s)
                } finally {
                    session = null
                    if (state.value == TunnelState.CONNECTED) state.value = TunnelState.CONNECTING
                    s.close()
                    pinger.cancel()
                    this@coroutineScope.coroutineContext.cancelChildren()
                }
            }
        }
    }

    private suspend fun DefaultClientWebSocketSession.ping() {
        while (true) {
            delay(config.pingInterval)
            outgoing.send(Frame.Ping(ByteArray(0)))
        }
    }

    private suspend fun read(ws: DefaultClientWebSocketSession, s: TunnelSession) {
        val reader = FrameReader()
        for (frame in ws.incoming) {
            when (frame) {
                is Frame.Binary -> reader.feed(frame.data).forEach { result ->
                    result.onSuccess { s.handle(it) }.onFailure {
                        if (it !is MalformedFrameException) throw it
                        log.warn("skipping a malformed tunnel message: {}", it.message)
                    }
                }
                is Frame.Text -> {
                    // the service never sends text: the protocol guide says clients SHOULD close
                    ws.close()
                    return
                }
                else -> Unit
            }
        }
    }

    private fun listen() {
        val ports = LinkedHashMap<String, Int>()
        config.sources.forEach { (service, port) ->
            val server = ServerSocket(port, BACKLOG, InetAddress.getLoopbackAddress())
            listeners += server
            ports[service] = server.localPort
            scope.launch(Dispatchers.IO) {
                while (isActive) {
                    // accept fails once close() closes the listener
                    val socket = runCatching { server.accept().apply { tcpNoDelay = true } }.getOrNull() ?: break
                    val s = session
                    if (s == null) {
                        runCatching { socket.close() }
                    } else {
                        launch { runCatching { s.carry(service, socket) }.onFailure { runCatching { socket.close() } } }
                    }
                }
            }
        }
        localPorts.value = ports
    }

    fun close() {
        listeners.forEach { runCatching { it.close() } }
        session?.close()
        http.close()
    }

    private fun handshakeStatus(e: Throwable): Int? {
        var t: Throwable? = e
        while (t != null) {
            if (t is WebSocketHandshakeException) return t.response.statusCode()
            // Ktor: "Handshake exception, expected status code 101 but was 401"
            Regex("but was (\\d{3})").find(t.message.orEmpty())?.let { return it.groupValues[1].toInt() }
            t = t.cause
        }
        return null
    }

    private companion object {
        const val PROTOCOL = "aws.iot.securetunneling-"
        const val WS_BUFFER = 8
        const val BACKLOG = 50
        const val STREAM_ID_SEED = 1_000_000
        val CONNECT_TIMEOUT = 10.seconds
        val SOCKET_TIMEOUT = 60.seconds
        val CLIENT_ERRORS = 400..499
    }
}
