package dev.iotsdk.greengrass

import org.bouncycastle.asn1.x500.X500Name
import org.bouncycastle.asn1.x509.Extension
import org.bouncycastle.asn1.x509.GeneralName
import org.bouncycastle.asn1.x509.GeneralNames
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder
import java.io.OutputStream
import java.math.BigInteger
import java.net.InetAddress
import java.net.SocketException
import java.security.KeyPairGenerator
import java.security.KeyStore
import java.security.cert.X509Certificate
import java.security.spec.ECGenParameterSpec
import java.time.Instant
import java.util.Base64
import java.util.Date
import javax.net.ssl.KeyManagerFactory
import javax.net.ssl.SSLContext
import javax.net.ssl.SSLServerSocket

/**
 * A tiny HTTPS server for faults the emulator does not produce: each connection reads the request head and then runs
 * [respond] with the raw output stream (write anything, stall, close early). Self-signed `localhost` certificate:
 * trust [certificatePem].
 */
class RawTlsServer(private val respond: (OutputStream) -> Unit) : AutoCloseable {
    private val certificate: X509Certificate
    private val socket: SSLServerSocket

    init {
        val keys = KeyPairGenerator.getInstance("EC").apply {
            initialize(ECGenParameterSpec("secp256r1"))
        }.generateKeyPair()
        val name = X500Name("CN=localhost")
        val builder = JcaX509v3CertificateBuilder(
            name,
            BigInteger.valueOf(System.nanoTime()),
            Date.from(Instant.now().minusSeconds(3600)),
            Date.from(Instant.now().plusSeconds(86400)),
            name,
            keys.public,
        )
        builder.addExtension(
            Extension.subjectAlternativeName,
            false,
            GeneralNames(GeneralName(GeneralName.dNSName, "localhost")),
        )
        certificate =
            JcaX509CertificateConverter().getCertificate(
                builder.build(JcaContentSignerBuilder("SHA256withECDSA").build(keys.private)),
            )
        val store = KeyStore.getInstance("PKCS12").apply {
            load(null, null)
            setKeyEntry("k", keys.private, "pw".toCharArray(), arrayOf(certificate))
        }
        val kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm()).apply {
            init(store, "pw".toCharArray())
        }
        val ctx = SSLContext.getInstance("TLS").apply { init(kmf.keyManagers, null, null) }
        socket = ctx.serverSocketFactory.createServerSocket(0, 50, InetAddress.getLoopbackAddress()) as SSLServerSocket
        Thread({ serve() }, "raw-tls-server").apply { isDaemon = true }.start()
    }

    val port: Int get() = socket.localPort

    val certificatePem: String
        get() = "-----BEGIN CERTIFICATE-----\n" +
            Base64.getMimeEncoder(64, "\n".toByteArray()).encodeToString(certificate.encoded) +
            "\n-----END CERTIFICATE-----\n"

    private fun serve() {
        while (!socket.isClosed) {
            val client = try {
                socket.accept()
            } catch (e: SocketException) {
                return
            }
            Thread({
                client.use { c ->
                    runCatching {
                        val input = c.getInputStream()
                        var last = 0
                        var state = 0
                        while (state < 4) {
                            val b = input.read()
                            if (b < 0) return@runCatching
                            state =
                                if ((b == '\r'.code && state % 2 == 0) ||
                                    (b == '\n'.code && state % 2 == 1)
                                ) {
                                    state + 1
                                } else {
                                    0
                                }
                            last = b
                        }
                        check(last == '\n'.code)
                        respond(c.getOutputStream())
                        c.getOutputStream().flush()
                    }
                }
            }, "raw-tls-conn").apply { isDaemon = true }.start()
        }
    }

    override fun close() {
        socket.close()
    }
}
