package dev.iotsdk.provisioning

import dev.iotsdk.auth.internal.Pem
import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.provisioning.internal.Pkcs10
import java.security.KeyPair
import java.security.KeyPairGenerator
import java.security.spec.ECGenParameterSpec

/**
 * A PKCS#10 certificate signing request made on the device, with the key pair it was made for. Only [pem] is sent to
 * AWS IoT (CreateCertificateFromCsr); the private key stays here and is stored with the new certificate by
 * [FleetProvisioning]. Built with the JDK alone (no BouncyCastle). [toString] never shows the key.
 *
 * ```kotlin
 * val csr = CertificateSigningRequest.generate(KeyType.EC_P256)
 * val certificate = provisioning.createCertificateFromCsr(csr.pem)
 * ```
 */
@OptIn(InternalIotSdkApi::class)
public class CertificateSigningRequest private constructor(
    /** The request, PEM (`-----BEGIN CERTIFICATE REQUEST-----`). */
    public val pem: String,
    /** The key pair; its private key must never leave the device. */
    public val keyPair: KeyPair,
) {
    /** The private key as unencrypted PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), for storing with the certificate. */
    public fun privateKeyPem(): String = Pem.encode("PRIVATE KEY", keyPair.private.encoded)

    override fun toString(): String = "CertificateSigningRequest(${keyPair.public.algorithm}, privateKey=***)"

    /** Factories. */
    public companion object {
        /** The subject common name used when none is given. */
        public const val DEFAULT_COMMON_NAME: String = "iotsdk device"

        /** Generates a [keyType] key pair and a request for it with subject `CN=[commonName]`. */
        @JvmStatic
        @JvmOverloads
        public fun generate(
            keyType: KeyType = KeyType.EC_P256,
            commonName: String = DEFAULT_COMMON_NAME,
        ): CertificateSigningRequest {
            val keyPair = when (keyType) {
                KeyType.EC_P256 -> KeyPairGenerator.getInstance("EC").apply {
                    initialize(ECGenParameterSpec("secp256r1"))
                }.generateKeyPair()
                KeyType.RSA_2048 -> KeyPairGenerator.getInstance("RSA").apply { initialize(RSA_BITS) }.generateKeyPair()
            }
            return forKeyPair(keyPair, commonName)
        }

        /**
         * A request for an existing EC or RSA [keyPair] (for example one kept in a hardware keystore whose private key
         * can sign).
         * @throws IllegalArgumentException for other key types.
         */
        @JvmStatic
        @JvmOverloads
        public fun forKeyPair(keyPair: KeyPair, commonName: String = DEFAULT_COMMON_NAME): CertificateSigningRequest {
            require(commonName.isNotEmpty() && commonName.length <= MAX_CN) {
                "commonName must have 1 to 64 characters"
            }
            return CertificateSigningRequest(
                Pem.encode("CERTIFICATE REQUEST", Pkcs10.build(keyPair, commonName)),
                keyPair,
            )
        }

        private const val RSA_BITS = 2048
        private const val MAX_CN = 64
    }
}
