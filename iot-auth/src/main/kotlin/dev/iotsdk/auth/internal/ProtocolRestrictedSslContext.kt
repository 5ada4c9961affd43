package dev.iotsdk.auth.internal

import java.io.InputStream
import java.net.InetAddress
import java.net.ServerSocket
import java.net.Socket
import java.security.KeyManagementException
import java.security.SecureRandom
import javax.net.ssl.KeyManager
import javax.net.ssl.SSLContext
import javax.net.ssl.SSLContextSpi
import javax.net.ssl.SSLEngine
import javax.net.ssl.SSLParameters
import javax.net.ssl.SSLServerSocket
import javax.net.ssl.SSLServerSocketFactory
import javax.net.ssl.SSLSessionContext
import javax.net.ssl.SSLSocket
import javax.net.ssl.SSLSocketFactory
import javax.net.ssl.TrustManager

/**
 * An [SSLContext] whose engines, sockets, server sockets and default parameters enable only [protocols], so
 * TLS 1.0/1.1 stay off even on JVMs (older Android, old JDK 11 builds) that still enable them by default.
 */
internal class ProtocolRestrictedSslContext(delegate: SSLContext, protocols: Array<String>) :
    SSLContext(Spi(delegate, protocols), delegate.provider, delegate.protocol) {

    private class Spi(private val delegate: SSLContext, private val protocols: Array<String>) : SSLContextSpi() {
        override fun engineInit(km: Array<out KeyManager>?, tm: Array<out TrustManager>?, sr: SecureRandom?) =
            throw KeyManagementException("already initialised by TlsContexts.sslContext")

        override fun engineGetSocketFactory(): SSLSocketFactory = SocketFactory(delegate.socketFactory, protocols)

        override fun engineGetServerSocketFactory(): SSLServerSocketFactory =
            ServerSocketFactory(delegate.serverSocketFactory, protocols)

        override fun engineCreateSSLEngine(): SSLEngine = delegate.createSSLEngine().also {
            it.enabledProtocols =
                protocols
        }

        override fun engineCreateSSLEngine(host: String?, port: Int): SSLEngine =
            delegate.createSSLEngine(host, port).also { it.enabledProtocols = protocols }

        override fun engineGetServerSessionContext(): SSLSessionContext = delegate.serverSessionContext

        override fun engineGetClientSessionContext(): SSLSessionContext = delegate.clientSessionContext

        override fun engineGetDefaultSSLParameters(): SSLParameters =
            delegate.defaultSSLParameters.also { it.protocols = protocols }

        override fun engineGetSupportedSSLParameters(): SSLParameters =
            delegate.supportedSSLParameters.also { it.protocols = protocols }
    }

    private class SocketFactory(private val d: SSLSocketFactory, private val protocols: Array<String>) :
        SSLSocketFactory() {
        private fun restrict(s: Socket): Socket = s.also { (it as? SSLSocket)?.enabledProtocols = protocols }
        override fun getDefaultCipherSuites(): Array<String> = d.defaultCipherSuites
        override fun getSupportedCipherSuites(): Array<String> = d.supportedCipherSuites
        override fun createSocket(): Socket = restrict(d.createSocket())
        override fun createSocket(s: Socket?, host: String?, port: Int, autoClose: Boolean): Socket =
            restrict(d.createSocket(s, host, port, autoClose))

        // JDK 8+ overload Android's SSLSocketFactory lacks: only callers that know it (JDK code) call it.
        @JdkOnly
        override fun createSocket(s: Socket?, consumed: InputStream?, autoClose: Boolean): Socket =
            restrict(d.createSocket(s, consumed, autoClose))
        override fun createSocket(host: String?, port: Int): Socket = restrict(d.createSocket(host, port))
        override fun createSocket(host: String?, port: Int, localHost: InetAddress?, localPort: Int): Socket =
            restrict(d.createSocket(host, port, localHost, localPort))
        override fun createSocket(host: InetAddress?, port: Int): Socket = restrict(d.createSocket(host, port))
        override fun createSocket(
            address: InetAddress?,
            port: Int,
            localAddress: InetAddress?,
            localPort: Int,
        ): Socket = restrict(d.createSocket(address, port, localAddress, localPort))
    }

    private class ServerSocketFactory(private val d: SSLServerSocketFactory, private val protocols: Array<String>) :
        SSLServerSocketFactory() {
        private fun restrict(s: ServerSocket): ServerSocket = s.also {
            (it as? SSLServerSocket)?.enabledProtocols =
                protocols
        }
        override fun getDefaultCipherSuites(): Array<String> = d.defaultCipherSuites
        override fun getSupportedCipherSuites(): Array<String> = d.supportedCipherSuites
        override fun createServerSocket(): ServerSocket = restrict(d.createServerSocket())
        override fun createServerSocket(port: Int): ServerSocket = restrict(d.createServerSocket(port))
        override fun createServerSocket(port: Int, backlog: Int): ServerSocket =
            restrict(d.createServerSocket(port, backlog))
        override fun createServerSocket(port: Int, backlog: Int, ifAddress: InetAddress?): ServerSocket =
            restrict(d.createServerSocket(port, backlog, ifAddress))
    }
}
