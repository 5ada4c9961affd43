package dev.iotsdk.emulator.internal.greengrass

import dev.iotsdk.emulator.EmulatorEvent
import dev.iotsdk.emulator.internal.AuthMode
import dev.iotsdk.emulator.internal.ConnectionAttributes
import dev.iotsdk.emulator.internal.EventBus
import dev.iotsdk.emulator.internal.KeyAndCertificate
import dev.iotsdk.emulator.internal.RegisteredCertificateTrust
import dev.iotsdk.emulator.internal.Registry
import dev.iotsdk.emulator.internal.certificateId
import dev.iotsdk.emulator.internal.frontdoor.BrokerRelay
import dev.iotsdk.emulator.internal.frontdoor.Relay
import dev.iotsdk.emulator.internal.keyStoreOf
import dev.iotsdk.emulator.internal.trustStoreOf
import io.netty.bootstrap.ServerBootstrap
import io.netty.channel.Channel
import io.netty.channel.ChannelHandlerContext
import io.netty.channel.ChannelInboundHandlerAdapter
import io.netty.channel.ChannelInitializer
import io.netty.channel.ChannelOption
import io.netty.channel.EventLoopGroup
import io.netty.channel.socket.SocketChannel
import io.netty.channel.socket.nio.NioServerSocketChannel
import io.netty.handler.ssl.SslHandler
import io.netty.handler.ssl.SslHandshakeCompletionEvent
import io.netty.util.ReferenceCountUtil
import java.net.InetAddress
import java.net.InetSocketAddress
import java.security.cert.X509Certificate
import java.util.UUID
import java.util.concurrent.TimeUnit
import javax.net.ssl.KeyManagerFactory
import javax.net.ssl.SSLContext
import javax.net.ssl.SSLEngine
import javax.net.ssl.TrustManagerFactory
import javax.net.ssl.X509TrustManager

/**
 * A Greengrass core's MQTT endpoint: TLS with a server certificate signed by the group CA (`serverChain` = server
 * certificate and group CA), client certificates issued by the emulator CA ([deviceCa]) and registered ACTIVE,
 * relayed to the embedded broker's loopback listener ([BrokerRelay]) like the front door's "8883" role, under the
 * listener name [LISTENER].
 */
internal class CoreListener(
    private val server: KeyAndCertificate,
    private val groupCa: X509Certificate,
    private val deviceCa: X509Certificate,
    private val registry: Registry,
    private val relay: BrokerRelay,
    private val events: EventBus,
    private val loop: EventLoopGroup,
) : AutoCloseable {
    private val sslContext = buildSslContext()
    private val channel: Channel = ServerBootstrap()
        .group(loop)
        .channel(NioServerSocketChannel::class.java)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(object : ChannelInitializer<SocketChannel>() {
            override fun initChannel(ch: SocketChannel) {
                val engine = sslContext.createSSLEngine().apply {
                    useClientMode = false
                    needClientAuth = true
                    enabledProtocols = enabledProtocols.filter { it == "TLSv1.2" || it == "TLSv1.3" }.toTypedArray()
                }
                ch.pipeline().addLast(
                    "tls",
                    SslHandler(engine).apply {
                        setHandshakeTimeout(HANDSHAKE_SECONDS, TimeUnit.SECONDS)
                    },
                )
                ch.pipeline().addLast("route", Handshake(engine))
            }
        })
        .bind(InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel()

    /** The port the core listens on (loopback). */
    val port: Int = (channel.localAddress() as InetSocketAddress).port

    override fun close() {
        channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS)
    }

    private fun buildSslContext(): SSLContext {
        val password = UUID.randomUUID().toString().toCharArray()
        val kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm())
        kmf.init(keyStoreOf(server, groupCa, password), password)
        val tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm())
        tmf.init(trustStoreOf(deviceCa))
        val pkix = tmf.trustManagers.filterIsInstance<X509TrustManager>().first()
        return SSLContext.getInstance("TLS").apply {
            init(kmf.keyManagers, arrayOf(RegisteredCertificateTrust(pkix, registry)), null)
        }
    }

    /** Waits for the handshake, buffers early bytes, opens the relay to the broker, then replaces itself. */
    private inner class Handshake(private val engine: SSLEngine) : ChannelInboundHandlerAdapter() {
        private val pending = ArrayList<Any>()
        private var relayed = false

        override fun userEventTriggered(ctx: ChannelHandlerContext, evt: Any) {
            if (evt !is SslHandshakeCompletionEvent) {
                ctx.fireUserEventTriggered(evt)
                return
            }
            if (!evt.isSuccess) {
                events.emit(
                    EmulatorEvent.ConnectionRefused(
                        LISTENER,
                        "TLS handshake failed: ${evt.cause()?.message ?: "unknown"}",
                    ),
                )
                ctx.close()
                return
            }
            val peer = engine.session.peerCertificates.first() as X509Certificate
            val id = peer.certificateId()
            if (!registry.isActive(id)) {
                // a resumed TLS session skips the trust manager: the status is checked on every connection
                engine.session.invalidate()
                events.emit(EmulatorEvent.ConnectionRefused(LISTENER, "certificate $id is not ACTIVE"))
                ctx.close()
                return
            }
            val attributes = ConnectionAttributes(
                LISTENER,
                "mqtt",
                null,
                AuthMode.CERTIFICATE,
                certificateId = id,
                thingName = registry.certificates[id]?.thingName,
            )
            forward(ctx, attributes)
        }

        override fun channelRead(ctx: ChannelHandlerContext, msg: Any) {
            if (relayed) ctx.fireChannelRead(msg) else pending += msg
        }

        private fun forward(ctx: ChannelHandlerContext, attributes: ConnectionAttributes) {
            val early = {
                val bytes = pending.toList()
                pending.clear()
                bytes
            }
            relay.connect(ctx.channel(), false, attributes, early) { back ->
                relayed = true
                ctx.pipeline().replace(this, "relay", Relay(back))
            }
        }

        override fun channelInactive(ctx: ChannelHandlerContext) {
            pending.forEach { ReferenceCountUtil.release(it) }
            pending.clear()
            ctx.fireChannelInactive()
        }

        @Suppress("OVERRIDE_DEPRECATION")
        override fun exceptionCaught(ctx: ChannelHandlerContext, cause: Throwable) {
            ctx.close()
        }
    }

    companion object {
        /** The listener name of core connections in emulator events. */
        const val LISTENER = "greengrass-core"
        private const val HANDSHAKE_SECONDS = 10L
    }
}
