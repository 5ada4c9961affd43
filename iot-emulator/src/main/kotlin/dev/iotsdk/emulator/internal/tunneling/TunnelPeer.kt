package dev.iotsdk.emulator.internal.tunneling

import io.netty.buffer.ByteBuf
import io.netty.buffer.Unpooled
import io.netty.channel.Channel
import io.netty.channel.ChannelHandlerContext
import io.netty.channel.SimpleChannelInboundHandler
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame
import io.netty.handler.codec.http.websocketx.WebSocketFrame

/**
 * One connected tunnel client (LP-V1/V2/V3): reads its binary WebSocket frames as a stream of tunnel frames, checks
 * each message against the protocol rules ([TunnelRules]) and relays it, re-framed, to the peer on the other side.
 * A text frame or a message breaking a rule closes this WebSocket (AWS: "The service will close the WebSocket
 * connection"); the tunnel stays open for the client to reconnect. Back-pressure: while the other peer's channel is
 * not writable, this channel stops reading, so a slow reader holds the sender on TCP instead of filling memory.
 */
internal class TunnelPeer(
    val tunnel: Tunnel,
    val side: TunnelSide,
    /** The negotiated protocol major version (1, 2 or 3). */
    val version: Int,
    private val service: TunnelingService,
) : SimpleChannelInboundHandler<WebSocketFrame>() {
    @Volatile lateinit var channel: Channel
    private val rules = TunnelRules(tunnel, side, version)
    private var pending: ByteBuf? = null

    override fun handlerAdded(ctx: ChannelHandlerContext) {
        channel = ctx.channel()
    }

    override fun channelRead0(ctx: ChannelHandlerContext, frame: WebSocketFrame) {
        when (frame) {
            is PingWebSocketFrame -> ctx.writeAndFlush(PongWebSocketFrame(frame.content().retain()))
            is PongWebSocketFrame -> Unit
            is CloseWebSocketFrame -> ctx.writeAndFlush(CloseWebSocketFrame()).addListener { ctx.close() }
            is BinaryWebSocketFrame, is ContinuationWebSocketFrame -> onBytes(ctx, frame.content())
            else -> refuse(ctx, "text frames are not allowed")
        }
    }

    private fun onBytes(ctx: ChannelHandlerContext, bytes: ByteBuf) {
        val buf = pending?.also { it.writeBytes(bytes) } ?: ctx.alloc().buffer(bytes.readableBytes()).writeBytes(bytes)
        pending = buf
        val out = ctx.alloc().buffer()
        try {
            while (buf.readableBytes() >= 2) {
                val length = buf.getUnsignedShort(buf.readerIndex())
                if (buf.readableBytes() < 2 + length) break
                val frame = ByteArray(2 + length)
                buf.readBytes(frame)
                val message = WireMessage.decode(frame, 2, frame.size)
                rules.check(message)
                service.observe(this, message)
                out.writeBytes(frame)
            }
        } catch (e: BadTunnelMessage) {
            out.release()
            refuse(ctx, e.message.orEmpty())
            return
        }
        buf.discardReadBytes()
        if (out.isReadable) service.relay(this, out) else out.release()
    }

    /** Sends framed tunnel bytes to this client (from the other peer or the service). */
    fun send(frames: ByteBuf) {
        channel.writeAndFlush(BinaryWebSocketFrame(frames))
    }

    /** Sends framed tunnel bytes made by the service. */
    fun send(frames: ByteArray) = send(Unpooled.wrappedBuffer(frames))

    override fun channelWritabilityChanged(ctx: ChannelHandlerContext) {
        service.peerOf(this)?.channel?.config()?.isAutoRead = ctx.channel().isWritable
        ctx.fireChannelWritabilityChanged()
    }

    private fun refuse(ctx: ChannelHandlerContext, reason: String) {
        service.refused(this, reason)
        ctx.writeAndFlush(CloseWebSocketFrame(PROTOCOL_ERROR, reason.take(MAX_REASON))).addListener { ctx.close() }
    }

    override fun channelInactive(ctx: ChannelHandlerContext) {
        pending?.release()
        pending = null
        service.disconnected(this)
        ctx.fireChannelInactive()
    }

    @Suppress("OVERRIDE_DEPRECATION")
    override fun exceptionCaught(ctx: ChannelHandlerContext, cause: Throwable) {
        // oversized WebSocket frames (over 131076 bytes) and bad framing end up here
        service.refused(this, cause.javaClass.simpleName)
        ctx.close()
    }

    private companion object {
        const val PROTOCOL_ERROR = 1002
        const val MAX_REASON = 120
    }
}
