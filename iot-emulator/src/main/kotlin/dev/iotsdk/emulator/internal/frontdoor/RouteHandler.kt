package dev.iotsdk.emulator.internal.frontdoor

import dev.iotsdk.emulator.EmulatorEvent
import dev.iotsdk.emulator.internal.AuthMode
import dev.iotsdk.emulator.internal.ConnectionAttributes
import dev.iotsdk.emulator.internal.HttpHead
import dev.iotsdk.emulator.internal.certificateId
import dev.iotsdk.emulator.internal.http.HttpExchange
import dev.iotsdk.emulator.internal.tunneling.TunnelHandshake
import io.netty.buffer.ByteBuf
import io.netty.buffer.Unpooled
import io.netty.channel.ChannelFutureListener
import io.netty.channel.ChannelHandlerContext
import io.netty.channel.ChannelInboundHandlerAdapter
import io.netty.handler.ssl.SslHandshakeCompletionEvent
import io.netty.util.ReferenceCountUtil
import java.security.cert.X509Certificate
import java.util.concurrent.TimeUnit
import javax.net.ssl.ExtendedSSLSession
import javax.net.ssl.SNIHostName
import javax.net.ssl.SSLEngine
import javax.net.ssl.SSLPeerUnverifiedException

/**
 * Waits for the TLS handshake of one front-door connection, checks the client certificate's current status (a
 * resumed session skips the trust manager), then routes: MQTT with a certificate or a custom authorizer is relayed
 * to the broker; HTTP is read up to its head, then either a WebSocket upgrade on the WebSocket path (authenticated by
 * [WebSocketUpgrade], then relayed) or served by the HTTP services on this very connection ([HttpExchange]).
 */
internal class RouteHandler(
    private val context: RouteContext,
    private val listener: String,
    private val engine: SSLEngine,
) : ChannelInboundHandlerAdapter() {
    private val pending = ArrayList<Any>()
    private var head: ByteBuf? = null
    private var mode = Mode.HANDSHAKE
    private var alpn: String? = null
    private var serverName: String? = null
    private var peer: X509Certificate? = null

    override fun handlerAdded(ctx: ChannelHandlerContext) {
        // a connection that never completes its HTTP head (or never gets routed) is closed after a while
        ctx.executor().schedule({
            if (mode != Mode.ROUTED && ctx.channel().isActive) {
                context.events.emit(
                    EmulatorEvent.ConnectionRefused(listener, "timed out before the connection was routed"),
                )
                ctx.close()
            }
        }, ROUTE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
    }

    override fun userEventTriggered(ctx: ChannelHandlerContext, evt: Any) {
        if (evt !is SslHandshakeCompletionEvent) {
            ctx.fireUserEventTriggered(evt)
            return
        }
        if (!evt.isSuccess) {
            refuse(ctx, "TLS handshake failed: ${evt.cause()?.message ?: "unknown"}")
            return
        }
        alpn = engine.applicationProtocol?.takeIf { it.isNotEmpty() }
        serverName = (engine.session as? ExtendedSSLSession)?.requestedServerNames
            ?.filterIsInstance<SNIHostName>()?.firstOrNull()?.asciiName
        peer = try {
            engine.session.peerCertificates.firstOrNull() as? X509Certificate
        } catch (ignored: SSLPeerUnverifiedException) {
            null
        }
        val certificate = peer
        when {
            notActive(ctx, certificate) -> Unit
            listener == EmulatorEvent.LISTENER_8443 && certificate == null -> refuse(ctx, "client certificate required")
            listener == EmulatorEvent.LISTENER_MTLS || alpn == "x-amzn-mqtt-ca" ->
                if (certificate ==
                    null
                ) {
                    refuse(ctx, "client certificate required")
                } else {
                    mqttWithCertificate(ctx, certificate)
                }
            alpn == "mqtt" -> forward(
                ctx,
                false,
                ConnectionAttributes(listener, "mqtt", alpn, AuthMode.AUTHORIZER_AT_CONNECT, serverName = serverName),
                null,
            )
            else -> {
                mode = Mode.HTTP_HEAD
                val early = pending.toList()
                pending.clear()
                early.forEach { channelRead(ctx, it) }
            }
        }
    }

    /** Refuses a certificate that is not ACTIVE (or no longer registered): AWS checks it on every connection. */
    private fun notActive(ctx: ChannelHandlerContext, certificate: X509Certificate?): Boolean {
        val id = certificate?.certificateId() ?: return false
        if (context.registry.isActive(id)) return false
        engine.session.invalidate()
        refuse(ctx, "certificate $id is ${context.registry.certificates[id]?.status ?: "not registered"}")
        return true
    }

    private fun mqttWithCertificate(ctx: ChannelHandlerContext, certificate: X509Certificate) {
        val id = certificate.certificateId()
        val attributes = ConnectionAttributes(
            listener,
            "mqtt",
            if (listener == EmulatorEvent.LISTENER_MTLS) null else alpn,
            AuthMode.CERTIFICATE,
            certificateId = id,
            thingName = context.registry.certificates[id]?.thingName,
            serverName = serverName,
        )
        forward(ctx, false, attributes, null)
    }

    override fun channelRead(ctx: ChannelHandlerContext, msg: Any) {
        when (mode) {
            Mode.HTTP_HEAD -> {
                val buf = msg as ByteBuf
                val acc = head ?: ctx.alloc().buffer().also { head = it }
                acc.writeBytes(buf)
                buf.release()
                val parsed = HttpHead.parse(acc)
                if (parsed == null) {
                    if (acc.readableBytes() > MAX_HEAD_BYTES) respond(ctx, 431, "Request Header Fields Too Large")
                    return
                }
                mode = Mode.WAITING
                onHttpRequest(ctx, parsed)
            }
            Mode.CLOSED -> ReferenceCountUtil.release(msg)
            else -> pending += msg
        }
    }

    private fun onHttpRequest(ctx: ChannelHandlerContext, request: HttpHead) {
        val tunnels = context.tunnels
        if (tunnels != null && listener == EmulatorEvent.LISTENER_443 && request.path == TunnelHandshake.PATH) {
            mode = Mode.ROUTED
            tunnels.accept(ctx, FrontDoor.TLS_HANDLER, request, head!!.also { head = null })
            return
        }
        if (listener == EmulatorEvent.LISTENER_8443 || request.path != context.wssPath) {
            serveHttp(ctx)
            return
        }
        if (request.method != "GET" || !request.header("upgrade").equals("websocket", ignoreCase = true)) {
            respond(ctx, 400, "Bad Request")
            return
        }
        val forwardedHead = request.rewrittenHead(context.wssPath)
        val rest = head!!.let { it.retainedSlice(request.headLength, it.readableBytes() - request.headLength) }
        head!!.release()
        head = null
        val tls = HandshakeFacts(listener, alpn, serverName)
        context.upgrade.authenticate(request, tls, ctx.channel().eventLoop()) { outcome ->
            when (outcome) {
                is WebSocketUpgrade.Outcome.Forward -> forward(
                    ctx,
                    true,
                    outcome.attributes,
                    Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(forwardedHead), rest),
                )
                is WebSocketUpgrade.Outcome.Refuse -> {
                    rest.release()
                    respond(ctx, outcome.status, outcome.text, outcome.reason)
                }
            }
        }
        if (mode == Mode.WAITING) ctx.channel().config().isAutoRead = false
    }

    /** Serves HTTP on this connection: its identity is the TLS handshake's, whatever the request says. */
    private fun serveHttp(ctx: ChannelHandlerContext) {
        val id = peer?.certificateId()
        val attributes = ConnectionAttributes(
            listener,
            "https",
            alpn,
            if (id != null) AuthMode.CERTIFICATE else AuthMode.ANONYMOUS,
            certificateId = id,
            thingName = id?.let { context.registry.certificates[it]?.thingName },
            serverName = serverName,
        )
        mode = Mode.ROUTED
        val bytes = head!!
        head = null
        val pipeline = ctx.pipeline()
        HttpExchange.install(pipeline, FrontDoor.TLS_HANDLER, attributes, context.http)
        pipeline.remove(this)
        pipeline.context(FrontDoor.TLS_HANDLER).fireChannelRead(bytes)
    }

    private fun forward(
        ctx: ChannelHandlerContext,
        webSocket: Boolean,
        attributes: ConnectionAttributes,
        first: ByteBuf?,
    ) {
        mode = Mode.WAITING
        val early = {
            val bytes = listOfNotNull<Any>(first) + pending
            pending.clear()
            bytes
        }
        context.relay.connect(ctx.channel(), webSocket, attributes, early) { back ->
            mode = Mode.ROUTED
            ctx.pipeline().replace(this, "relay", Relay(back))
        }
    }

    private fun refuse(ctx: ChannelHandlerContext, reason: String) {
        mode = Mode.CLOSED
        context.events.emit(EmulatorEvent.ConnectionRefused(listener, reason))
        ctx.close()
    }

    private fun respond(ctx: ChannelHandlerContext, status: Int, text: String, reason: String = "HTTP $status $text") {
        mode = Mode.CLOSED
        if (status == 403 || status == 401) context.events.emit(EmulatorEvent.ConnectionRefused(listener, reason))
        val body = "$status $text\n"
        val response = "HTTP/1.1 $status $text\r\nContent-Type: text/plain\r\nContent-Length: " +
            "${body.length}\r\nConnection: close\r\n\r\n$body"
        ctx.writeAndFlush(Unpooled.copiedBuffer(response, Charsets.US_ASCII)).addListener(ChannelFutureListener.CLOSE)
    }

    override fun channelInactive(ctx: ChannelHandlerContext) {
        pending.forEach { ReferenceCountUtil.release(it) }
        pending.clear()
        head?.release()
        head = null
        ctx.fireChannelInactive()
    }

    @Suppress("OVERRIDE_DEPRECATION")
    override fun exceptionCaught(ctx: ChannelHandlerContext, cause: Throwable) {
        ctx.close()
    }

    private enum class Mode { HANDSHAKE, HTTP_HEAD, WAITING, ROUTED, CLOSED }

    private companion object {
        const val MAX_HEAD_BYTES = 16 * 1024
        const val ROUTE_TIMEOUT_SECONDS = 30L
    }
}
