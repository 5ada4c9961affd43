package dev.iotsdk.emulator.internal.provisioning

import dev.iotsdk.emulator.internal.KeyAndCertificate
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo
import org.bouncycastle.asn1.x500.X500Name
import org.bouncycastle.asn1.x509.BasicConstraints
import org.bouncycastle.asn1.x509.ExtendedKeyUsage
import org.bouncycastle.asn1.x509.Extension
import org.bouncycastle.asn1.x509.KeyPurposeId
import org.bouncycastle.asn1.x509.KeyUsage
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder
import org.bouncycastle.openssl.PEMParser
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder
import org.bouncycastle.pkcs.PKCS10CertificationRequest
import java.io.StringReader
import java.math.BigInteger
import java.security.GeneralSecurityException
import java.security.KeyFactory
import java.security.KeyPairGenerator
import java.security.PublicKey
import java.security.SecureRandom
import java.security.cert.X509Certificate
import java.security.interfaces.ECPublicKey
import java.security.interfaces.RSAPublicKey
import java.security.spec.X509EncodedKeySpec
import java.time.Duration
import java.time.Instant
import java.util.Base64
import java.util.Date

/** Why a CSR was refused (the message goes into the rejected response). */
internal class CsrRefused(message: String) : Exception(message)

/** Issues fleet provisioning certificates with the emulator CA: for a device's CSR, or with a new RSA key. */
internal class CertificateSigner(private val ca: KeyAndCertificate) {
    private val random = SecureRandom()

    /** Parses and checks [pem] (signature, key type and size) and signs its public key. @throws CsrRefused */
    fun signCsr(pem: String): X509Certificate {
        val csr = parse(pem)
        val key = publicKeyOf(csr)
        val valid = try {
            csr.isSignatureValid(JcaContentVerifierProviderBuilder().build(key))
        } catch (e: Exception) {
            false
        }
        if (!valid) throw CsrRefused("The signature of the certificate signing request is invalid")
        checkKey(key)
        return sign(key)
    }

    /** A new RSA 2048 key pair (private key as PKCS#1 PEM, as AWS IoT returns it) and its certificate. */
    fun newKeysAndCertificate(): Pair<X509Certificate, String> {
        val keyPair = KeyPairGenerator.getInstance("RSA").apply { initialize(RSA_BITS) }.generateKeyPair()
        val pkcs1 = PrivateKeyInfo.getInstance(keyPair.private.encoded).parsePrivateKey().toASN1Primitive().encoded
        return sign(keyPair.public) to pem("RSA PRIVATE KEY", pkcs1)
    }

    private fun parse(pem: String): PKCS10CertificationRequest {
        val parsed = try {
            PEMParser(StringReader(pem)).use { it.readObject() }
        } catch (e: Exception) {
            null
        }
        return parsed as? PKCS10CertificationRequest
            ?: throw CsrRefused("The certificate signing request is not a PEM-encoded PKCS#10 request")
    }

    private fun publicKeyOf(csr: PKCS10CertificationRequest): PublicKey {
        val algorithm = when (csr.subjectPublicKeyInfo.algorithm.algorithm.id) {
            "1.2.840.113549.1.1.1" -> "RSA"
            "1.2.840.10045.2.1" -> "EC"
            else -> throw CsrRefused("Only RSA and EC keys are supported")
        }
        return try {
            KeyFactory.getInstance(algorithm).generatePublic(X509EncodedKeySpec(csr.subjectPublicKeyInfo.encoded))
        } catch (e: GeneralSecurityException) {
            throw CsrRefused("The public key of the certificate signing request is not supported")
        }
    }

    private fun checkKey(key: PublicKey) {
        when (key) {
            is RSAPublicKey -> if (key.modulus.bitLength() < RSA_BITS) {
                throw CsrRefused(
                    "RSA keys must be at least 2048 bits, the request's key has ${key.modulus.bitLength()}",
                )
            }
            is ECPublicKey -> if (key.params.curve.field.fieldSize !in EC_SIZES) {
                throw CsrRefused("EC keys must be on P-256, P-384 or P-521")
            }
            else -> throw CsrRefused("Only RSA and EC keys are supported, not ${key.algorithm}")
        }
    }

    private fun sign(key: PublicKey): X509Certificate {
        val now = Instant.now()
        val builder = JcaX509v3CertificateBuilder(
            ca.certificate,
            BigInteger(127, random).add(BigInteger.ONE),
            Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(Duration.ofDays(VALIDITY_DAYS))),
            X500Name("CN=AWS IoT Certificate"),
            key,
        )
        val ext = JcaX509ExtensionUtils()
        builder.addExtension(Extension.basicConstraints, true, BasicConstraints(false))
        val usage = if (key is RSAPublicKey) {
            KeyUsage.digitalSignature or KeyUsage.keyEncipherment
        } else {
            KeyUsage.digitalSignature or
                KeyUsage.keyAgreement
        }
        builder.addExtension(Extension.keyUsage, true, KeyUsage(usage))
        builder.addExtension(Extension.extendedKeyUsage, false, ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth))
        builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key))
        builder.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca.certificate))
        val signer = JcaContentSignerBuilder("SHA256withECDSA").build(ca.keyPair.private)
        return JcaX509CertificateConverter().getCertificate(builder.build(signer))
    }

    private fun pem(type: String, der: ByteArray): String =
        "-----BEGIN $type-----\n" + Base64.getMimeEncoder(64, "\n".toByteArray()).encodeToString(der) +
            "\n-----END $type-----\n"

    private companion object {
        const val RSA_BITS = 2048
        const val VALIDITY_DAYS = 3650L
        val EC_SIZES = setOf(256, 384, 521)
    }
}
