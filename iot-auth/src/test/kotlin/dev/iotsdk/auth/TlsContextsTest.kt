package dev.iotsdk.auth

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.StringSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.collections.shouldNotContain
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import java.net.InetAddress
import java.security.cert.X509Certificate
import java.util.concurrent.CompletableFuture
import java.util.concurrent.ExecutionException
import java.util.concurrent.TimeUnit
import javax.net.ssl.SSLException
import javax.net.ssl.SSLServerSocket
import javax.net.ssl.SSLSocket

class TlsContextsTest :
    StringSpec({
        val ca = TestPki.ca()
        val server = TestPki.issue("CN=localhost", TestPki.ec(), ca)
        val client = TestPki.issue("CN=device-1", TestPki.ec(), ca)
        val trust = TrustMaterial.fromPem(TestPki.certPem(ca.certificate))
        val serverIdentity = TlsIdentity.fromPem(
            TestPki.certPem(server.certificate),
            TestPki.pkcs8Pem(server.keyPair.private),
        )
        val clientIdentity = TlsIdentity.fromPem(
            TestPki.certPem(client.certificate),
            TestPki.traditionalPem(client.keyPair.private),
        )

        /** Serves one connection with required client auth; returns the client's certificate subject. */
        fun exchange(clientId: TlsIdentity?): Pair<CompletableFuture<String>, Result<Int>> {
            val serverSocket = TlsContexts.sslContext(serverIdentity, trust).serverSocketFactory
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress()) as SSLServerSocket
            serverSocket.needClientAuth = true
            val served = CompletableFuture.supplyAsync {
                serverSocket.use { ss ->
                    (ss.accept() as SSLSocket).use { s ->
                        s.soTimeout = 10_000
                        s.startHandshake()
                        val peer = (s.session.peerCertificates[0] as X509Certificate).subjectX500Principal.name
                        s.outputStream.write(s.inputStream.read() + 1)
                        s.outputStream.flush()
                        peer
                    }
                }
            }
            val clientResult = runCatching {
                (
                    TlsContexts.sslContext(
                        clientId,
                        trust,
                    ).socketFactory.createSocket(InetAddress.getLoopbackAddress(), serverSocket.localPort) as SSLSocket
                    ).use { s ->
                    s.soTimeout = 10_000
                    s.startHandshake()
                    s.outputStream.write(41)
                    s.outputStream.flush()
                    s.inputStream.read()
                }
            }
            return served to clientResult
        }

        "mutual TLS handshake on loopback with the client identity" {
            val (served, clientResult) = exchange(clientIdentity)
            clientResult.getOrThrow() shouldBe 42
            served.get(20, TimeUnit.SECONDS) shouldBe "CN=device-1"
        }

        "without a client identity the server refuses the handshake" {
            val (served, clientResult) = exchange(null)
            val e = shouldThrow<ExecutionException> { served.get(20, TimeUnit.SECONDS) }
            e.cause.shouldBeInstanceOf<SSLException>()
            (clientResult.isFailure || clientResult.getOrNull() == -1) shouldBe true
        }

        "only TLS 1.3 and 1.2 are enabled; TLS 1.1 and 1.0 are not" {
            val ctx = TlsContexts.sslContext(clientIdentity, trust)
            TlsContexts.protocols shouldContainExactly listOf("TLSv1.3", "TLSv1.2")
            ctx.createSSLEngine().enabledProtocols.toList() shouldContainExactly listOf("TLSv1.3", "TLSv1.2")
            ctx.createSSLEngine("h", 443).enabledProtocols.toList() shouldNotContain "TLSv1.1"
            ctx.defaultSSLParameters.protocols.toList() shouldNotContain "TLSv1.1"
            ctx.supportedSSLParameters.protocols.toList() shouldNotContain "TLSv1"
            (ctx.socketFactory.createSocket() as SSLSocket).use {
                it.enabledProtocols.toList() shouldNotContain
                    "TLSv1.1"
            }
            (ctx.serverSocketFactory.createServerSocket() as SSLServerSocket).use {
                it.enabledProtocols.toList() shouldContainExactly listOf("TLSv1.3", "TLSv1.2")
            }
        }
    })
