package dev.iotsdk.benchmarks.clients

import java.nio.file.Files
import java.nio.file.Path
import java.security.KeyFactory
import java.security.KeyStore
import java.security.cert.CertificateFactory
import java.security.cert.X509Certificate
import java.security.spec.PKCS8EncodedKeySpec
import java.util.Base64
import javax.net.ssl.KeyManagerFactory
import javax.net.ssl.SSLContext
import javax.net.ssl.TrustManagerFactory

/**
 * JDK-only PEM loading for the rows that are not iotsdk (raw HiveMQ, Paho): the broker's test CA and an EC P-256
 * client key in unencrypted PKCS#8, which is what [dev.iotsdk.emulator.mosquitto.MosquittoBroker] issues.
 */
internal object Pem {
    private val PASSWORD = "bench".toCharArray()

    fun keyManagerFactory(tls: TlsFiles): KeyManagerFactory {
        val certificate = certificate(tls.certificatePath)
        val der = Base64.getMimeDecoder().decode(body(Files.readString(tls.privateKeyPath), "PRIVATE KEY"))
        val key = KeyFactory.getInstance("EC").generatePrivate(PKCS8EncodedKeySpec(der))
        val store = KeyStore.getInstance("PKCS12").apply { load(null, null) }
        store.setKeyEntry("client", key, PASSWORD, arrayOf(certificate))
        return KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm()).apply { init(store, PASSWORD) }
    }

    fun trustManagerFactory(tls: TlsFiles): TrustManagerFactory = trustManagerFactory(tls.caPath)

    /** Trusts the one CA certificate in the PEM file at [caPath]. */
    fun trustManagerFactory(caPath: Path): TrustManagerFactory {
        val store = KeyStore.getInstance("PKCS12").apply { load(null, null) }
        store.setCertificateEntry("ca", certificate(caPath))
        return TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm()).apply { init(store) }
    }

    fun sslContext(tls: TlsFiles): SSLContext = SSLContext.getInstance("TLS").apply {
        init(keyManagerFactory(tls).keyManagers, trustManagerFactory(tls).trustManagers, null)
    }

    private fun certificate(path: Path): X509Certificate = Files.newInputStream(path).use {
        CertificateFactory.getInstance("X.509").generateCertificate(it) as X509Certificate
    }

    private fun body(pem: String, label: String): String =
        pem.substringAfter("-----BEGIN $label-----").substringBefore("-----END $label-----").trim()
}
