package dev.iotsdk.emulator.internal.tunneling

import dev.iotsdk.emulator.internal.HttpHead
import dev.iotsdk.emulator.internal.parseQuery
import io.netty.buffer.ByteBuf
import io.netty.buffer.Unpooled
import io.netty.channel.ChannelFutureListener
import io.netty.channel.ChannelHandlerContext
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder
import java.security.MessageDigest
import java.util.Base64
import java.util.UUID

/**
 * The tunnel data plane's WebSocket handshake (LP-V1/V2/V3 "Connecting to the proxy server and tunnel") on the
 * emulator's 443 listener: `GET /tunnel?local-proxy-mode=source|destination`, the access token in the `access-token`
 * header or the `awsiot-tunnel-token` cookie (exactly one value), an optional `client-token`
 * (`^[a-zA-Z0-9-]{32,128}$`), `Sec-WebSocket-Protocol` offering `aws.iot.securetunneling-3.0`, `-2.0` or `-1.0` (the
 * newest offered is chosen), and a head of at most 4 KiB. Malformed requests get 400; a token the service refuses
 * gets [TunnelingService.admit]'s status. The 101 carries a `channel-id`.
 */
internal class TunnelHandshake(private val service: TunnelingService) {
    /**
     * Answers the upgrade [request] read on [ctx] (whose handler is the front door's router, removed here); [head]
     * holds the bytes read so far (released here), the request head first.
     */
    fun accept(ctx: ChannelHandlerContext, tlsHandler: String, request: HttpHead, head: ByteBuf) {
        val verdict = decide(request)
        val pipeline = ctx.pipeline()
        val tls = pipeline.context(tlsHandler)
        if (verdict is Verdict.Refuse) {
            head.release()
            val body = "${verdict.status} ${verdict.reason}\n"
            val response = "HTTP/1.1 ${verdict.status} ${reason(verdict.status)}\r\nContent-Type: text/plain\r\n" +
                "Content-Length: ${body.length}\r\nchannel-id: ${channelId()}\r\nConnection: close\r\n\r\n$body"
            // written from the router's context, so it passes through TLS
            ctx.writeAndFlush(
                Unpooled.copiedBuffer(response, Charsets.US_ASCII),
            ).addListener(ChannelFutureListener.CLOSE)
            pipeline.remove(ctx.handler())
            return
        }
        verdict as Verdict.Accept
        val accept = Base64.getEncoder().encodeToString(
            MessageDigest.getInstance("SHA-1").digest((request.header("sec-websocket-key") + GUID).toByteArray()),
        )
        val response = "HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: upgrade\r\n" +
            "sec-websocket-accept: $accept\r\nsec-websocket-protocol: ${verdict.subprotocol}\r\n" +
            "channel-id: ${channelId()}\r\n\r\n"
        ctx.writeAndFlush(Unpooled.copiedBuffer(response, Charsets.US_ASCII))
        val peer = TunnelPeer(verdict.admitted.tunnel, verdict.admitted.side, verdict.version, service)
        pipeline.addAfter(tlsHandler, "tunnel-ws-decoder", WebSocket13FrameDecoder(true, false, MAX_WS_PAYLOAD))
        pipeline.addAfter("tunnel-ws-decoder", "tunnel-ws-encoder", WebSocket13FrameEncoder(false))
        pipeline.addAfter("tunnel-ws-encoder", "tunnel-peer", peer)
        pipeline.remove(ctx.handler())
        service.connected(peer)
        head.skipBytes(request.headLength)
        if (head.isReadable) tls.fireChannelRead(head) else head.release()
    }

    private sealed class Verdict {
        class Accept(val admitted: TunnelingService.Admission.Admitted, val subprotocol: String, val version: Int) :
            Verdict()

        class Refuse(val status: Int, val reason: String) : Verdict()
    }

    @Suppress("ReturnCount")
    private fun decide(request: HttpHead): Verdict {
        fun bad(reason: String) = Verdict.Refuse(BAD_REQUEST, reason)
        if (request.headLength > MAX_HEAD) return bad("the request head is over 4096 bytes")
        if (!isUpgrade(request)) return bad("not a WebSocket upgrade")
        val modes = parseQuery(request.rawQuery).filter { it.first == "local-proxy-mode" }.map { it.second }
        val mode = modes.singleOrNull()?.let { TunnelSide.ofMode(it) }
            ?: return bad("local-proxy-mode must be source or destination")
        val offered = request.header("sec-websocket-protocol").orEmpty().split(',').map { it.trim() }
        val version = SUBPROTOCOLS.entries.firstOrNull { it.value in offered }?.key
            ?: return bad("Sec-WebSocket-Protocol must offer ${SUBPROTOCOLS.values.joinToString()}")
        val tokens = tokensOf(request)
        if (tokens.size != 1 || tokens[0].contains(',')) return bad("exactly one access token is required")
        val clientToken = request.header("client-token")
        if (clientToken?.matches(CLIENT_TOKEN) == false) return bad("client-token must match ^[a-zA-Z0-9-]{32,128}$")
        return when (val a = service.admit(tokens[0], mode, clientToken)) {
            is TunnelingService.Admission.Admitted -> Verdict.Accept(a, SUBPROTOCOLS.getValue(version), version)
            is TunnelingService.Admission.Refused -> Verdict.Refuse(a.status, a.reason)
        }
    }

    private fun isUpgrade(request: HttpHead): Boolean = request.method == "GET" &&
        request.header("upgrade").equals("websocket", ignoreCase = true) &&
        request.header("sec-websocket-key") != null &&
        request.header("sec-websocket-version") == "13"

    /** Every access token value: the header's and the `awsiot-tunnel-token` cookies'. */
    private fun tokensOf(request: HttpHead): List<String> = listOfNotNull(request.header("access-token")) +
        request.header("cookie").orEmpty().split(';', ',').map { it.trim() }
            .filter { it.startsWith("$COOKIE=") }.map { it.removePrefix("$COOKIE=") }

    private fun channelId(): String = UUID.randomUUID().toString().replace("-", "")

    private fun reason(status: Int) = when (status) {
        BAD_REQUEST -> "Bad Request"
        UNAUTHORIZED -> "Unauthorized"
        GONE -> "Gone"
        else -> "Error"
    }

    companion object {
        /** The data plane's HTTP path. */
        const val PATH: String = "/tunnel"

        /** The largest WebSocket payload the service accepts (LP guides: 131076 bytes). */
        const val MAX_WS_PAYLOAD: Int = 131_076
        private const val GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
        private const val COOKIE = "awsiot-tunnel-token"
        private const val MAX_HEAD = 4096
        private const val BAD_REQUEST = 400
        private const val UNAUTHORIZED = 401
        private const val GONE = 410
        private val CLIENT_TOKEN = Regex("^[a-zA-Z0-9-]{32,128}$")
        private val SUBPROTOCOLS = linkedMapOf(
            3 to "aws.iot.securetunneling-3.0",
            2 to "aws.iot.securetunneling-2.0",
            1 to "aws.iot.securetunneling-1.0",
        )
    }
}
