package dev.iotsdk.emulator.internal

import dev.iotsdk.emulator.EmulatorEvent
import io.netty.bootstrap.Bootstrap
import io.netty.bootstrap.ServerBootstrap
import io.netty.buffer.ByteBuf
import io.netty.buffer.Unpooled
import io.netty.channel.Channel
import io.netty.channel.ChannelFutureListener
import io.netty.channel.ChannelHandlerContext
import io.netty.channel.ChannelInboundHandlerAdapter
import io.netty.channel.ChannelInitializer
import io.netty.channel.ChannelOption
import io.netty.channel.EventLoopGroup
import io.netty.channel.nio.NioEventLoopGroup
import io.netty.channel.socket.SocketChannel
import io.netty.channel.socket.nio.NioServerSocketChannel
import io.netty.channel.socket.nio.NioSocketChannel
import io.netty.handler.ssl.SslHandler
import io.netty.handler.ssl.SslHandshakeCompletionEvent
import io.netty.util.ReferenceCountUtil
import io.netty.util.concurrent.DefaultThreadFactory
import java.net.InetAddress
import java.net.InetSocketAddress
import java.security.cert.X509Certificate
import java.util.UUID
import java.util.concurrent.ExecutorService
import java.util.concurrent.TimeUnit
import javax.net.ssl.ExtendedSSLSession
import javax.net.ssl.KeyManagerFactory
import javax.net.ssl.SNIHostName
import javax.net.ssl.SSLContext
import javax.net.ssl.SSLEngine
import javax.net.ssl.SSLPeerUnverifiedException
import javax.net.ssl.TrustManagerFactory
import javax.net.ssl.X509TrustManager

/**
 * The public ports: terminates TLS, authenticates what must be authenticated before MQTT (client certificates, ALPN,
 * SigV4 / custom-authorizer WebSocket upgrades) and relays bytes to the broker's loopback listeners, recording each
 * relayed connection's attributes in [ConnectionTable.forwarded] under the relay socket's local port.
 *
 * Port "443" routes by ALPN like AWS IoT: `x-amzn-mqtt-ca` → MQTT with a client certificate; `mqtt` → MQTT with a
 * custom authorizer at CONNECT; none, `http/1.1` or `x-amzn-http-ca` → HTTP (`GET <wssPath>` WebSocket upgrade,
 * any other path → the emulator's HTTP services). The "8883" port requires a client certificate and ignores ALPN
 * offers. The "8443" port requires a client certificate and carries HTTPS only (Greengrass discovery).
 * HTTP connections to the HTTP services are relayed to [internalHttpPort] like MQTT ones to the broker.
 */
internal class FrontDoor(
    private val pki: Pki,
    private val server: KeyAndCertificate,
    private val registry: Registry,
    private val table: ConnectionTable,
    private val events: EventBus,
    private val sigV4: SigV4Verifier,
    private val authorizers: CustomAuthRunner,
    private val executor: ExecutorService,
    private val wssPath: String,
    private val internalTcpPort: Int,
    private val internalWsPort: Int,
    private val internalHttpPort: Int,
) : AutoCloseable {
    private val boss: EventLoopGroup = NioEventLoopGroup(1, DefaultThreadFactory("iot-emulator-accept", true))
    private val workers: EventLoopGroup = NioEventLoopGroup(2, DefaultThreadFactory("iot-emulator-io", true))
    private val sslContext: SSLContext = buildSslContext()
    private val channels = mutableListOf<Channel>()

    fun bind(port: Int, listener: String): Int {
        val channel = ServerBootstrap()
            .group(boss, workers)
            .channel(NioServerSocketChannel::class.java)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(object : ChannelInitializer<SocketChannel>() {
                override fun initChannel(ch: SocketChannel) {
                    val engine = newEngine(listener)
                    ch.pipeline().addLast("tls", SslHandler(engine).apply { setHandshakeTimeout(10, TimeUnit.SECONDS) })
                    ch.pipeline().addLast("route", RouteHandler(listener, engine))
                }
            })
            .bind(InetSocketAddress(InetAddress.getLoopbackAddress(), port)).sync().channel()
        synchronized(channels) { channels += channel }
        return (channel.localAddress() as InetSocketAddress).port
    }

    override fun close() {
        synchronized(channels) { channels.forEach { it.close().awaitUninterruptibly(2, TimeUnit.SECONDS) } }
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS)
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS)
    }

    private fun newEngine(listener: String): SSLEngine = sslContext.createSSLEngine().apply {
        useClientMode = false
        enabledProtocols = enabledProtocols.filter { it == "TLSv1.2" || it == "TLSv1.3" }.toTypedArray()
        if (listener == EmulatorEvent.LISTENER_MTLS) {
            needClientAuth = true
        } else if (listener == EmulatorEvent.LISTENER_8443) {
            needClientAuth = true
            setHandshakeApplicationProtocolSelector { _, offered -> HTTP_ALPN.firstOrNull { it in offered } ?: "" }
        } else {
            wantClientAuth = true
            setHandshakeApplicationProtocolSelector { _, offered ->
                ALPN_PREFERENCE.firstOrNull { it in offered } ?: ""
            }
        }
    }

    private fun buildSslContext(): SSLContext {
        val password = UUID.randomUUID().toString().toCharArray()
        val kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm())
        kmf.init(keyStoreOf(server, pki.ca.certificate, password), password)
        val tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm())
        tmf.init(trustStoreOf(pki.ca.certificate))
        val pkix = tmf.trustManagers.filterIsInstance<X509TrustManager>().first()
        return SSLContext.getInstance("TLS").apply {
            init(kmf.keyManagers, arrayOf(RegisteredCertificateTrust(pkix, registry)), null)
        }
    }

    /** Waits for the TLS handshake, picks a route, buffers early bytes, then replaces itself with a [Relay]. */
    private inner class RouteHandler(private val listener: String, private val engine: SSLEngine) :
        ChannelInboundHandlerAdapter() {
        private val pending = ArrayList<Any>()
        private var head: ByteBuf? = null
        private var mode = Mode.HANDSHAKE

        override fun userEventTriggered(ctx: ChannelHandlerContext, evt: Any) {
            if (evt !is SslHandshakeCompletionEvent) {
                ctx.fireUserEventTriggered(evt)
                return
            }
            if (!evt.isSuccess) {
                events.emit(
                    EmulatorEvent.ConnectionRefused(
                        listener,
                        "TLS handshake failed: ${evt.cause()?.message ?: "unknown"}",
                    ),
                )
                ctx.close()
                return
            }
            val alpn = engine.applicationProtocol?.takeIf { it.isNotEmpty() }
            val serverName = (engine.session as? ExtendedSSLSession)?.requestedServerNames
                ?.filterIsInstance<SNIHostName>()?.firstOrNull()?.asciiName
            val peer = try {
                engine.session.peerCertificates.firstOrNull() as? X509Certificate
            } catch (e: SSLPeerUnverifiedException) {
                null
            }
            this.peer = peer
            if (notActive(ctx, peer)) {
                return
            } else if (listener == EmulatorEvent.LISTENER_8443 && peer == null) {
                refuse(ctx, "client certificate required")
            } else if (listener == EmulatorEvent.LISTENER_MTLS || alpn == "x-amzn-mqtt-ca") {
                if (peer == null) {
                    refuse(ctx, "client certificate required")
                    return
                }
                val id = peer.certificateId()
                val attributes = ConnectionAttributes(
                    listener,
                    "mqtt",
                    if (listener == EmulatorEvent.LISTENER_MTLS) null else alpn,
                    AuthMode.CERTIFICATE,
                    certificateId = id,
                    thingName = registry.certificates[id]?.thingName,
                    serverName = serverName,
                )
                forward(ctx, internalTcpPort, attributes, null)
            } else if (alpn == "mqtt") {
                forward(
                    ctx,
                    internalTcpPort,
                    ConnectionAttributes(
                        listener,
                        "mqtt",
                        alpn,
                        AuthMode.AUTHORIZER_AT_CONNECT,
                        serverName = serverName,
                    ),
                    null,
                )
            } else {
                mode = Mode.HTTP_HEAD
                this.alpn = alpn
                this.serverName = serverName
                val early = pending.toList()
                pending.clear()
                early.forEach { channelRead(ctx, it) }
            }
        }

        /**
         * Refuses a certificate that is not ACTIVE (or no longer registered): a resumed TLS session skips the trust
         * manager, and AWS IoT checks the status on every connection.
         */
        private fun notActive(ctx: ChannelHandlerContext, peer: X509Certificate?): Boolean {
            val id = peer?.certificateId() ?: return false
            if (registry.isActive(id)) return false
            engine.session.invalidate()
            refuse(ctx, "certificate $id is ${registry.certificates[id]?.status ?: "not registered"}")
            return true
        }

        private var alpn: String? = null
        private var serverName: String? = null
        private var peer: X509Certificate? = null

        override fun handlerAdded(ctx: ChannelHandlerContext) {
            // a connection that never completes its HTTP head (or never gets relayed) is closed after a while
            ctx.executor().schedule({
                if (mode != Mode.RELAYED && ctx.channel().isActive) {
                    events.emit(EmulatorEvent.ConnectionRefused(listener, "timed out before the connection was routed"))
                    ctx.close()
                }
            }, ROUTE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
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
                Mode.RELAYED -> ctx.fireChannelRead(msg)
                Mode.CLOSED -> ReferenceCountUtil.release(msg)
                else -> pending += msg
            }
        }

        private fun onHttpRequest(ctx: ChannelHandlerContext, request: HttpHead) {
            if (listener == EmulatorEvent.LISTENER_8443 || request.path != wssPath) {
                val id = peer?.certificateId()
                val attributes = ConnectionAttributes(
                    listener,
                    "https",
                    alpn,
                    if (id != null) AuthMode.CERTIFICATE else AuthMode.ANONYMOUS,
                    certificateId = id,
                    thingName = id?.let {
                        registry.certificates[it]?.thingName
                    },
                    serverName = serverName,
                )
                val whole = head!!.retainedSlice()
                head!!.release()
                head = null
                forward(ctx, internalHttpPort, attributes, whole)
                return
            }
            if (request.method != "GET" || !request.header("upgrade").equals("websocket", ignoreCase = true)) {
                respond(ctx, 400, "Bad Request")
                return
            }
            val query = parseQuery(request.rawQuery)
            val forwardedHead = request.rewrittenHead(wssPath)
            val rest = head!!.let { it.retainedSlice(request.headLength, it.readableBytes() - request.headLength) }
            head!!.release()
            head = null
            if (query.any { it.first == "X-Amz-Signature" || it.first == "X-Amz-Credential" }) {
                when (val result = sigV4.verify("GET", request.path, request.rawQuery, request.headers)) {
                    is SigV4Verifier.Result.Verified -> forward(
                        ctx,
                        internalWsPort,
                        ConnectionAttributes(
                            listener,
                            "websocket",
                            alpn,
                            AuthMode.SIGV4,
                            accessKeyId = result.accessKeyId,
                            serverName = serverName,
                        ),
                        Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(forwardedHead), rest),
                    )
                    is SigV4Verifier.Result.Rejected -> {
                        rest.release()
                        respond(ctx, 403, "Forbidden", "SigV4 verification failed: ${result.reason}")
                    }
                }
                return
            }
            val params = LinkedHashMap<String, String>()
            request.headers.forEach { (k, v) -> params[k] = v }
            query.forEach { params.putIfAbsent(it.first, it.second) }
            val wantsAuthorizer = params.keys.any { it.equals(CustomAuthRunner.NAME_PARAM, ignoreCase = true) } ||
                (
                    registry.defaultAuthorizer()?.tokenKeyName?.let { key ->
                        params.keys.any { it.equals(key, ignoreCase = true) }
                    }
                        ?: false
                    )
            if (!wantsAuthorizer) {
                // credentials may come later in the MQTT CONNECT user name (DG:custom-auth)
                forward(
                    ctx,
                    internalWsPort,
                    ConnectionAttributes(
                        listener,
                        "websocket",
                        alpn,
                        AuthMode.AUTHORIZER_AT_CONNECT,
                        serverName = serverName,
                    ),
                    Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(forwardedHead), rest),
                )
                return
            }
            ctx.channel().config().isAutoRead = false
            executor.execute {
                val outcome = try {
                    authorizers.authorize(
                        params, listOf("tls", "http"), serverName, null, null, null,
                        request.headers, request.rawQuery, UUID.randomUUID().toString(),
                    )
                } catch (e: CustomAuthFailure) {
                    ctx.channel().eventLoop().execute {
                        rest.release()
                        respond(ctx, 403, "Forbidden", e.message ?: "custom authorizer refused")
                    }
                    return@execute
                }
                ctx.channel().eventLoop().execute {
                    forward(
                        ctx,
                        internalWsPort,
                        ConnectionAttributes(
                            listener,
                            "websocket",
                            alpn,
                            AuthMode.AUTHORIZED_AT_UPGRADE,
                            authorizer = outcome,
                            serverName = serverName,
                        ),
                        Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(forwardedHead), rest),
                    )
                }
            }
        }

        private fun forward(ctx: ChannelHandlerContext, port: Int, attributes: ConnectionAttributes, first: ByteBuf?) {
            mode = Mode.WAITING
            val front = ctx.channel()
            front.config().isAutoRead = false
            Bootstrap().group(front.eventLoop()).channel(NioSocketChannel::class.java)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.AUTO_READ, true)
                .handler(Relay(front))
                .connect(InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                .addListener(
                    ChannelFutureListener { future ->
                        if (!future.isSuccess) {
                            first?.release()
                            events.emit(EmulatorEvent.ConnectionRefused(listener, "broker unavailable"))
                            front.close()
                            return@ChannelFutureListener
                        }
                        val back = future.channel()
                        val localPort = (back.localAddress() as InetSocketAddress).port
                        table.forwarded[localPort] = attributes
                        back.closeFuture().addListener { table.forwarded.remove(localPort, attributes) }
                        if (!front.isActive) {
                            first?.release()
                            back.close()
                            return@ChannelFutureListener
                        }
                        if (first != null) back.write(first)
                        pending.forEach { back.write(it) }
                        pending.clear()
                        back.flush()
                        mode = Mode.RELAYED
                        ctx.pipeline().replace(this, "relay", Relay(back))
                        front.config().isAutoRead = true
                    },
                )
        }

        private fun refuse(ctx: ChannelHandlerContext, reason: String) {
            events.emit(EmulatorEvent.ConnectionRefused(listener, reason))
            ctx.close()
        }

        private fun respond(
            ctx: ChannelHandlerContext,
            status: Int,
            text: String,
            reason: String = "HTTP $status $text",
        ) {
            mode = Mode.CLOSED
            if (status == 403 || status == 401) events.emit(EmulatorEvent.ConnectionRefused(listener, reason))
            val body = "$status $text\n"
            val response = "HTTP/1.1 $status $text\r\nContent-Type: text/plain\r\nContent-Length: " +
                "${body.length}\r\nConnection: close\r\n\r\n$body"
            ctx.writeAndFlush(
                Unpooled.copiedBuffer(response, Charsets.US_ASCII),
            ).addListener(ChannelFutureListener.CLOSE)
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
    }

    private enum class Mode { HANDSHAKE, HTTP_HEAD, WAITING, RELAYED, CLOSED }

    companion object {
        private val ALPN_PREFERENCE = listOf("x-amzn-mqtt-ca", "mqtt", "x-amzn-http-ca", "http/1.1")
        private val HTTP_ALPN = listOf("x-amzn-http-ca", "http/1.1")
        private const val MAX_HEAD_BYTES = 16 * 1024
        private const val ROUTE_TIMEOUT_SECONDS = 30L
    }
}

/** Copies bytes to [peer] with back-pressure; closing one side closes the other. */
internal class Relay(private val peer: Channel) : ChannelInboundHandlerAdapter() {
    override fun channelRead(ctx: ChannelHandlerContext, msg: Any) {
        if (!peer.isActive) {
            ReferenceCountUtil.release(msg)
            return
        }
        peer.writeAndFlush(msg)
        if (!peer.isWritable) ctx.channel().config().isAutoRead = false
    }

    override fun channelWritabilityChanged(ctx: ChannelHandlerContext) {
        if (ctx.channel().isWritable) peer.config().isAutoRead = true
        ctx.fireChannelWritabilityChanged()
    }

    override fun channelInactive(ctx: ChannelHandlerContext) {
        if (peer.isActive) peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE)
    }

    @Suppress("OVERRIDE_DEPRECATION")
    override fun exceptionCaught(ctx: ChannelHandlerContext, cause: Throwable) {
        ctx.close()
    }
}
