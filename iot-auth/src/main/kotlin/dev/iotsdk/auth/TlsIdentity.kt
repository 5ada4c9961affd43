@file:OptIn(InternalIotSdkApi::class)

package dev.iotsdk.auth

import dev.iotsdk.auth.internal.JdkOnly
import dev.iotsdk.auth.internal.KeyPairCheck
import dev.iotsdk.auth.internal.Pem
import dev.iotsdk.auth.internal.PrivateKeys
import dev.iotsdk.auth.internal.SingleIdentityKeyManager
import dev.iotsdk.common.InternalIotSdkApi
import java.io.IOException
import java.nio.file.Files
import java.nio.file.NoSuchFileException
import java.nio.file.Path
import java.nio.file.Paths
import java.security.GeneralSecurityException
import java.security.KeyStore
import java.security.KeyStoreException
import java.security.PrivateKey
import java.security.Security
import java.security.UnrecoverableKeyException
import java.security.cert.X509Certificate
import javax.net.ssl.X509KeyManager

/**
 * The device's TLS client identity for mutual TLS with AWS IoT: a certificate chain and its private key, or any
 * [X509KeyManager] (Android KeyChain, a hardware token).
 *
 * Loading validates the material: PEM well-formed, a certificate present, a private key present and matching the
 * certificate's public key; any problem is a [TlsMaterialException] that says what to fix and never contains key
 * bytes. Instances are immutable and thread-safe.
 *
 * Kotlin:
 * ```kotlin
 * val identity = TlsIdentity.fromPemFiles(Path.of("device.pem.crt"), Path.of("private.pem.key"))
 * ```
 * Java:
 * ```java
 * TlsIdentity identity = TlsIdentity.fromPemFiles(Path.of("device.pem.crt"), Path.of("private.pem.key"), null);
 * ```
 */
public class TlsIdentity private constructor(
    private val keyManager: X509KeyManager,
    /** The certificate chain, device certificate first, when known (not for [fromKeyManager]). */
    public val certificateChain: List<X509Certificate>?,
) {
    /** The key manager to give to an `SSLContext` (see [TlsContexts.sslContext]). */
    public fun keyManager(): X509KeyManager = keyManager

    /** Names the device certificate's subject, never key material. */
    override fun toString(): String =
        "TlsIdentity(${certificateChain?.firstOrNull()?.subjectX500Principal?.name ?: "key manager"})"

    /** Factories. */
    public companion object {
        private val KEY_STORE_KEY_PASSWORD = CharArray(0)

        /**
         * From PEM text: [certificatePem] holds the device certificate, optionally followed by intermediates (any
         * order is accepted; the certificate matching the key is put first); [privateKeyPem] holds one key as
         * PKCS#8, encrypted PKCS#8 (with [keyPassword]), PKCS#1 RSA or SEC1 EC. Text around blocks and CRLF are fine.
         *
         * @throws TlsMaterialException on malformed PEM, no certificate, no key, a wrong password, or a key that
         *   does not match the certificate.
         */
        @JvmStatic
        @JvmOverloads
        public fun fromPem(certificatePem: String, privateKeyPem: String, keyPassword: CharArray? = null): TlsIdentity =
            fromPem(certificatePem, privateKeyPem, keyPassword, "the certificate PEM", "the private key PEM")

        /**
         * From PEM files, as [fromPem]; for AWS IoT usually `xxx-certificate.pem.crt` and `xxx-private.pem.key`.
         *
         * @throws TlsMaterialException when a file cannot be read or its content is unusable.
         */
        @JvmStatic
        @JvmOverloads
        public fun fromPemFiles(
            certificatePath: Path,
            privateKeyPath: Path,
            keyPassword: CharArray? = null,
        ): TlsIdentity = fromPem(
            readText(certificatePath, "certificate"),
            readText(privateKeyPath, "private key"),
            keyPassword,
            "the certificate file $certificatePath",
            "the private key file $privateKeyPath",
        )

        /**
         * From PEM files named by path strings, as the [Path] form; for Java callers that hold plain strings.
         *
         * ```java
         * TlsIdentity id = TlsIdentity.fromPemFiles("device.pem.crt", "private.pem.key");
         * ```
         *
         * @throws TlsMaterialException when a file cannot be read or its content is unusable.
         */
        @JvmStatic
        @JvmOverloads
        public fun fromPemFiles(
            certificatePath: String,
            privateKeyPath: String,
            keyPassword: CharArray? = null,
        ): TlsIdentity = fromPemFiles(Paths.get(certificatePath), Paths.get(privateKeyPath), keyPassword)

        /**
         * From a PKCS#12 (`.p12`/`.pfx`) file whose key entry is protected by the same [password] as the file.
         *
         * @throws TlsMaterialException when the file is missing, not PKCS#12, the password is wrong, or it holds no
         * key.
         */
        @JvmStatic
        public fun fromPkcs12(path: Path, password: CharArray): TlsIdentity {
            val store = try {
                KeyStore.getInstance("PKCS12").apply { Files.newInputStream(path).use { load(it, password) } }
            } catch (e: NoSuchFileException) {
                throw TlsMaterialException("PKCS#12 file $path does not exist", e)
            } catch (e: IOException) {
                throw TlsMaterialException(
                    "Cannot open PKCS#12 file $path: wrong password or not a PKCS#12 file (${e.message})",
                    e,
                )
            } catch (e: GeneralSecurityException) {
                throw TlsMaterialException("Cannot open PKCS#12 file $path: ${e.message}", e)
            }
            return fromKeyStore(store, password, null)
        }

        /**
         * From a loaded [keyStore]: the key entry [alias], or the first key entry when [alias] is `null`.
         *
         * @param keyPassword the key entry's password (`null` for stores such as PKCS#11 or AndroidKeyStore).
         * @throws TlsMaterialException when there is no such key entry or the password is wrong.
         */
        @JvmStatic
        @JvmOverloads
        public fun fromKeyStore(keyStore: KeyStore, keyPassword: CharArray?, alias: String? = null): TlsIdentity {
            try {
                val chosen = alias ?: keyStore.aliases().toList().firstOrNull { keyStore.isKeyEntry(it) }
                    ?: throw TlsMaterialException(
                        "The ${keyStore.type} key store holds no private key entry; import the device key and " +
                            "certificate",
                    )
                if (!keyStore.isKeyEntry(chosen)) {
                    val keys = keyStore.aliases().toList().filter { keyStore.isKeyEntry(it) }
                    throw TlsMaterialException(
                        "The ${keyStore.type} key store has no private key entry '$chosen'; key entries: $keys",
                    )
                }
                val key = keyStore.getKey(chosen, keyPassword ?: KEY_STORE_KEY_PASSWORD) as? PrivateKey
                    ?: throw TlsMaterialException(
                        "Entry '$chosen' of the ${keyStore.type} key store is not a private key",
                    )
                val chain = keyStore.getCertificateChain(chosen)?.map { it as X509Certificate }
                if (chain.isNullOrEmpty()) {
                    throw TlsMaterialException(
                        "Key entry '$chosen' has no certificate chain; import the device certificate with it",
                    )
                }
                return TlsIdentity(SingleIdentityKeyManager(key, chain), chain)
            } catch (e: UnrecoverableKeyException) {
                throw TlsMaterialException("Wrong password for the key entry in the ${keyStore.type} key store", e)
            } catch (e: KeyStoreException) {
                throw TlsMaterialException("The key store is not loaded or unusable: ${e.message}", e)
            } catch (e: GeneralSecurityException) {
                throw TlsMaterialException("Cannot read the key from the ${keyStore.type} key store: ${e.message}", e)
            }
        }

        /** From any key manager, e.g. one backed by Android's KeyChain or a hardware token; used as is. */
        @JvmStatic
        public fun fromKeyManager(keyManager: X509KeyManager): TlsIdentity = TlsIdentity(keyManager, null)

        /**
         * From a PKCS#11 token (HSM, TPM, smart card) through the JVM's `SunPKCS11` provider.
         *
         * @param config the path of a SunPKCS11 configuration file, or an inline configuration starting with `--`.
         * @param pin the token's PIN.
         * @param alias the key entry, or `null` for the first one.
         * @throws TlsMaterialException when the JVM has no SunPKCS11 provider (e.g. Android), the configuration or
         *   library cannot be loaded, the PIN is wrong, or the token holds no key.
         */
        @JvmStatic
        @JvmOverloads
        @JdkOnly // Provider.configure (JDK 9) is reached only when a SunPKCS11 provider exists, never on Android
        public fun fromPkcs11(config: String, pin: CharArray, alias: String? = null): TlsIdentity {
            val base = Security.getProvider("SunPKCS11")
                ?: throw TlsMaterialException(
                    "This JVM has no SunPKCS11 provider (Android and some minimal JREs lack it); use " +
                        "fromKeyManager with your platform's key manager instead",
                )
            val provider = try {
                base.configure(config)
            } catch (e: RuntimeException) {
                throw TlsMaterialException(
                    "Cannot configure SunPKCS11 with '$config': ${e.message ?: e.cause?.message}; check the " +
                        "configuration file and the 'library' path it names",
                    e,
                )
            }
            val store = try {
                KeyStore.getInstance("PKCS11", provider).apply { load(null, pin) }
            } catch (e: IOException) {
                throw TlsMaterialException(
                    "Cannot log in to the PKCS#11 token: wrong PIN or token absent (${e.message})",
                    e,
                )
            } catch (e: GeneralSecurityException) {
                throw TlsMaterialException("Cannot open the PKCS#11 token: ${e.message}", e)
            }
            return fromKeyStore(store, null, alias)
        }

        private fun fromPem(
            certificatePem: String,
            privateKeyPem: String,
            keyPassword: CharArray?,
            certWhat: String,
            keyWhat: String,
        ): TlsIdentity {
            val certificates = Pem.certificates(Pem.parse(certificatePem, certWhat), certWhat)
            if (certificates.isEmpty()) {
                throw TlsMaterialException(
                    "No certificate found in $certWhat; it must contain the device certificate as " +
                        "'-----BEGIN CERTIFICATE-----' (the .pem.crt file AWS IoT gave you)",
                )
            }
            val curveHint = certificates.firstNotNullOfOrNull { PrivateKeys.curveOf(it.publicKey) }
            val key = PrivateKeys.fromBlocks(Pem.parse(privateKeyPem, keyWhat), keyPassword, keyWhat, curveHint)
            val leaf = certificates.firstOrNull { KeyPairCheck.matches(key, it.publicKey) }
                ?: throw TlsMaterialException(
                    "The private key in $keyWhat does not match the certificate " +
                        "'${certificates.first().subjectX500Principal.name}' in $certWhat; use the key file " +
                        "created together with this certificate",
                )
            val chain = listOf(leaf) + certificates.filter { it !== leaf }
            return TlsIdentity(SingleIdentityKeyManager(key, chain), chain)
        }

        private fun readText(path: Path, what: String): String = try {
            String(Files.readAllBytes(path), Charsets.UTF_8)
        } catch (e: NoSuchFileException) {
            throw TlsMaterialException("The $what file $path does not exist", e)
        } catch (e: IOException) {
            throw TlsMaterialException("Cannot read the $what file $path: ${e.message}", e)
        }
    }
}
