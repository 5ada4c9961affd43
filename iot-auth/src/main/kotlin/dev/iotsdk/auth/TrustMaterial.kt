@file:OptIn(InternalIotSdkApi::class)

package dev.iotsdk.auth

import dev.iotsdk.auth.internal.Pem
import dev.iotsdk.common.InternalIotSdkApi
import java.io.IOException
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.security.GeneralSecurityException
import java.security.KeyStore
import java.security.cert.X509Certificate
import javax.net.ssl.TrustManagerFactory
import javax.net.ssl.X509TrustManager

/**
 * The certificate authorities trusted to sign the server's certificate: the JVM's defaults ([system], which include
 * Amazon Root CA 1 on current JVMs) or specific roots such as `AmazonRootCA1.pem` or an emulator's CA.
 *
 * ```kotlin
 * val trust = TrustMaterial.fromPemFile(Path.of("AmazonRootCA1.pem"))
 * ```
 */
public class TrustMaterial private constructor(
    private val trustManager: X509TrustManager,
    /** The trusted certificates when given explicitly; `null` for [system] and [fromKeyStore]. */
    public val certificates: List<X509Certificate>?,
) {
    /** The trust manager to give to an `SSLContext` (see [TlsContexts.sslContext]). */
    public fun trustManager(): X509TrustManager = trustManager

    /** Names the trusted subjects, or "system". */
    override fun toString(): String =
        "TrustMaterial(${certificates?.joinToString { it.subjectX500Principal.name } ?: "system"})"

    /** Factories. */
    public companion object {
        /**
         * The JVM's default trust store (`cacerts`, or Android's system store). Made once and shared: every client
         * configuration without its own trust uses it.
         */
        @JvmStatic
        public fun system(): TrustMaterial = SYSTEM

        private val SYSTEM: TrustMaterial by lazy { TrustMaterial(trustManagerOf(null), null) }

        /**
         * One or more `-----BEGIN CERTIFICATE-----` blocks; text around them and CRLF are fine.
         *
         * @throws TlsMaterialException on malformed PEM or when there is no certificate.
         */
        @JvmStatic
        public fun fromPem(caPem: String): TrustMaterial = fromPem(caPem, "the CA PEM")

        /**
         * A PEM file of one or more CA certificates, e.g. `AmazonRootCA1.pem`.
         *
         * @throws TlsMaterialException when the file cannot be read or holds no certificate.
         */
        @JvmStatic
        public fun fromPemFile(path: Path): TrustMaterial {
            val text = try {
                String(Files.readAllBytes(path), Charsets.UTF_8)
            } catch (e: IOException) {
                throw TlsMaterialException("Cannot read the CA file $path: ${e.message}", e)
            }
            return fromPem(text, "the CA file $path")
        }

        /**
         * A PEM file of CA certificates named by a path string, as the [Path] form.
         *
         * ```java
         * TrustMaterial ca = TrustMaterial.fromPemFile("AmazonRootCA1.pem");
         * ```
         *
         * @throws TlsMaterialException when the file cannot be read or holds no certificate.
         */
        @JvmStatic
        public fun fromPemFile(path: String): TrustMaterial = fromPemFile(Paths.get(path))

        /**
         * The trusted certificate entries of a loaded [keyStore].
         *
         * @throws TlsMaterialException when the key store is not loaded.
         */
        @JvmStatic
        public fun fromKeyStore(keyStore: KeyStore): TrustMaterial = TrustMaterial(trustManagerOf(keyStore), null)

        private fun fromPem(pem: String, what: String): TrustMaterial {
            val certificates = Pem.certificates(Pem.parse(pem, what), what)
            if (certificates.isEmpty()) {
                throw TlsMaterialException(
                    "No certificate found in $what; it must contain '-----BEGIN CERTIFICATE-----' blocks " +
                        "(for AWS IoT, AmazonRootCA1.pem)",
                )
            }
            val store = try {
                KeyStore.getInstance(KeyStore.getDefaultType()).apply {
                    load(null, null)
                    certificates.forEachIndexed { i, c -> setCertificateEntry("ca-$i", c) }
                }
            } catch (e: GeneralSecurityException) {
                throw TlsMaterialException("Cannot build a trust store from $what: ${e.message}", e)
            } catch (e: IOException) {
                throw TlsMaterialException("Cannot build a trust store from $what: ${e.message}", e)
            }
            return TrustMaterial(trustManagerOf(store), certificates)
        }

        private fun trustManagerOf(store: KeyStore?): X509TrustManager = try {
            val factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm())
            factory.init(store)
            factory.trustManagers.filterIsInstance<X509TrustManager>().firstOrNull()
                ?: throw TlsMaterialException("The JVM's TrustManagerFactory returned no X509TrustManager")
        } catch (e: GeneralSecurityException) {
            throw TlsMaterialException("Cannot create a trust manager: ${e.message}", e)
        }
    }
}
