package dev.iotsdk.emulator.internal.frontdoor

import dev.iotsdk.emulator.EmulatorEvent
import dev.iotsdk.emulator.internal.KeyAndCertificate
import dev.iotsdk.emulator.internal.Pki
import dev.iotsdk.emulator.internal.RegisteredCertificateTrust
import dev.iotsdk.emulator.internal.keyStoreOf
import dev.iotsdk.emulator.internal.trustStoreOf
import io.netty.bootstrap.ServerBootstrap
import io.netty.channel.Channel
import io.netty.channel.ChannelInitializer
import io.netty.channel.ChannelOption
import io.netty.channel.EventLoopGroup
import io.netty.channel.nio.NioEventLoopGroup
import io.netty.channel.socket.SocketChannel
import io.netty.channel.socket.nio.NioServerSocketChannel
import io.netty.handler.ssl.SslHandler
import io.netty.util.concurrent.DefaultThreadFactory
import java.net.InetAddress
import java.net.InetSocketAddress
import java.util.UUID
import java.util.concurrent.TimeUnit
import javax.net.ssl.KeyManagerFactory
import javax.net.ssl.SSLContext
import javax.net.ssl.SSLEngine
import javax.net.ssl.TrustManagerFactory
import javax.net.ssl.X509TrustManager

/**
 * The public ports: terminates TLS and hands each connection to a [RouteHandler], which authenticates what must be
 * authenticated before MQTT (client certificates and their status, ALPN, SigV4 / custom-authorizer WebSocket
 * upgrades), relays MQTT to the broker's loopback listeners ([BrokerRelay]) and serves HTTP itself.
 *
 * Port "443" routes by ALPN like AWS IoT: `x-amzn-mqtt-ca` → MQTT with a client certificate; `mqtt` → MQTT with a
 * custom authorizer at CONNECT; none, `http/1.1` or `x-amzn-http-ca` → HTTP (`GET <wssPath>` WebSocket upgrade,
 * any other path → the emulator's HTTP services). The "8883" port requires a client certificate and ignores ALPN
 * offers. The "8443" port requires a client certificate and carries HTTPS only.
 */
internal class FrontDoor(
    private val pki: Pki,
    private val server: KeyAndCertificate,
    private val context: RouteContext,
) : AutoCloseable {
    private val boss: EventLoopGroup = NioEventLoopGroup(1, DefaultThreadFactory("iot-emulator-accept", true))
    private val workers: EventLoopGroup = NioEventLoopGroup(2, DefaultThreadFactory("iot-emulator-io", true))
    private val sslContext: SSLContext = buildSslContext()
    private val channels = mutableListOf<Channel>()

    fun bind(port: Int, listener: String): Int {
        val channel = ServerBootstrap()
            .group(boss, workers)
            .channel(NioServerSocketChannel::class.java)
            .option(ChannelOption.SO_BACKLOG, BACKLOG)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(object : ChannelInitializer<SocketChannel>() {
                override fun initChannel(ch: SocketChannel) {
                    val engine = newEngine(listener)
                    ch.pipeline().addLast(
                        TLS_HANDLER,
                        SslHandler(engine).apply { setHandshakeTimeout(HANDSHAKE_SECONDS, TimeUnit.SECONDS) },
                    )
                    ch.pipeline().addLast("route", RouteHandler(context, listener, engine))
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
            init(kmf.keyManagers, arrayOf(RegisteredCertificateTrust(pkix, context.registry)), null)
        }
    }

    companion object {
        /** The name of the TLS handler in every front-door pipeline. */
        const val TLS_HANDLER: String = "tls"
        private val ALPN_PREFERENCE = listOf("x-amzn-mqtt-ca", "mqtt", "x-amzn-http-ca", "http/1.1")
        private val HTTP_ALPN = listOf("x-amzn-http-ca", "http/1.1")
        private const val BACKLOG = 1024
        private const val HANDSHAKE_SECONDS = 10L
    }
}
