package dev.iotsdk.greengrass.internal

import java.nio.ByteBuffer
import java.security.SecureRandom
import java.util.function.BiFunction
import javax.net.ssl.KeyManager
import javax.net.ssl.SSLContext
import javax.net.ssl.SSLContextSpi
import javax.net.ssl.SSLEngine
import javax.net.ssl.SSLEngineResult
import javax.net.ssl.SSLParameters
import javax.net.ssl.SSLServerSocketFactory
import javax.net.ssl.SSLSession
import javax.net.ssl.SSLSessionContext
import javax.net.ssl.SSLSocketFactory
import javax.net.ssl.TrustManager

/**
 * An [SSLContext] whose engines always offer ALPN [protocols]. Why: the JDK HTTP client (under Ktor's Java engine)
 * copies the configured SSL parameters without their application protocols and sets ALPN itself only for HTTP/2, so
 * `x-amzn-http-ca` (Greengrass discovery on port 443) cannot be passed through its configuration; this engine adds it
 * back whenever the client sets parameters without ALPN. JDK 9+ API throughout: used only with the JDK engine ([DiscoveryHttp]).
 */
@JdkOnly
internal class AlpnSslContext(delegate: SSLContext, protocols: Array<String>) :
    SSLContext(Spi(delegate, protocols), delegate.provider, delegate.protocol) {

    @JdkOnly
    private class Spi(private val delegate: SSLContext, private val protocols: Array<String>) : SSLContextSpi() {
        override fun engineInit(km: Array<out KeyManager>?, tm: Array<out TrustManager>?, sr: SecureRandom?): Unit =
            throw UnsupportedOperationException("already initialised")
        override fun engineGetSocketFactory(): SSLSocketFactory = delegate.socketFactory
        override fun engineGetServerSocketFactory(): SSLServerSocketFactory = delegate.serverSocketFactory
        override fun engineCreateSSLEngine(): SSLEngine = AlpnEngine(delegate.createSSLEngine(), protocols)
        override fun engineCreateSSLEngine(host: String?, port: Int): SSLEngine =
            AlpnEngine(delegate.createSSLEngine(host, port), protocols)
        override fun engineGetServerSessionContext(): SSLSessionContext = delegate.serverSessionContext
        override fun engineGetClientSessionContext(): SSLSessionContext = delegate.clientSessionContext
        override fun engineGetDefaultSSLParameters(): SSLParameters = delegate.defaultSSLParameters
        override fun engineGetSupportedSSLParameters(): SSLParameters = delegate.supportedSSLParameters
    }

    @JdkOnly
    @Suppress("TooManyFunctions")
    private class AlpnEngine(private val d: SSLEngine, private val protocols: Array<String>) :
        SSLEngine(d.peerHost, d.peerPort) {
        init {
            d.sslParameters = d.sslParameters.also { it.applicationProtocols = protocols }
        }

        override fun setSSLParameters(params: SSLParameters) {
            if (params.applicationProtocols.isEmpty()) params.applicationProtocols = protocols
            d.sslParameters = params
        }

        override fun getSSLParameters(): SSLParameters = d.sslParameters
        override fun wrap(srcs: Array<out ByteBuffer>?, offset: Int, length: Int, dst: ByteBuffer?): SSLEngineResult =
            d.wrap(srcs, offset, length, dst)
        override fun unwrap(src: ByteBuffer?, dsts: Array<out ByteBuffer>?, offset: Int, length: Int): SSLEngineResult =
            d.unwrap(src, dsts, offset, length)
        override fun getDelegatedTask(): Runnable? = d.delegatedTask
        override fun closeInbound() = d.closeInbound()
        override fun isInboundDone(): Boolean = d.isInboundDone
        override fun closeOutbound() = d.closeOutbound()
        override fun isOutboundDone(): Boolean = d.isOutboundDone
        override fun getSupportedCipherSuites(): Array<String> = d.supportedCipherSuites
        override fun getEnabledCipherSuites(): Array<String> = d.enabledCipherSuites
        override fun setEnabledCipherSuites(suites: Array<out String>?) {
            d.enabledCipherSuites = suites
        }
        override fun getSupportedProtocols(): Array<String> = d.supportedProtocols
        override fun getEnabledProtocols(): Array<String> = d.enabledProtocols
        override fun setEnabledProtocols(protocols: Array<out String>?) {
            d.enabledProtocols = protocols
        }
        override fun getSession(): SSLSession = d.session
        override fun getHandshakeSession(): SSLSession? = d.handshakeSession
        override fun beginHandshake() = d.beginHandshake()
        override fun getHandshakeStatus(): SSLEngineResult.HandshakeStatus = d.handshakeStatus
        override fun setUseClientMode(mode: Boolean) {
            d.useClientMode = mode
        }
        override fun getUseClientMode(): Boolean = d.useClientMode
        override fun setNeedClientAuth(need: Boolean) {
            d.needClientAuth = need
        }
        override fun getNeedClientAuth(): Boolean = d.needClientAuth
        override fun setWantClientAuth(want: Boolean) {
            d.wantClientAuth = want
        }
        override fun getWantClientAuth(): Boolean = d.wantClientAuth
        override fun setEnableSessionCreation(flag: Boolean) {
            d.enableSessionCreation = flag
        }
        override fun getEnableSessionCreation(): Boolean = d.enableSessionCreation
        override fun getApplicationProtocol(): String? = d.applicationProtocol
        override fun getHandshakeApplicationProtocol(): String? = d.handshakeApplicationProtocol
        override fun setHandshakeApplicationProtocolSelector(
            selector: BiFunction<SSLEngine, MutableList<String>, String>?,
        ) {
            d.handshakeApplicationProtocolSelector = selector
        }
        override fun getHandshakeApplicationProtocolSelector(): BiFunction<SSLEngine, MutableList<String>, String>? =
            d.handshakeApplicationProtocolSelector
    }
}
