package dev.iotsdk.emulator.internal

import org.bouncycastle.asn1.x500.X500Name
import org.bouncycastle.asn1.x509.BasicConstraints
import org.bouncycastle.asn1.x509.ExtendedKeyUsage
import org.bouncycastle.asn1.x509.Extension
import org.bouncycastle.asn1.x509.GeneralName
import org.bouncycastle.asn1.x509.GeneralNames
import org.bouncycastle.asn1.x509.KeyPurposeId
import org.bouncycastle.asn1.x509.KeyUsage
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder
import java.math.BigInteger
import java.security.KeyFactory
import java.security.KeyPair
import java.security.KeyPairGenerator
import java.security.KeyStore
import java.security.MessageDigest
import java.security.PrivateKey
import java.security.SecureRandom
import java.security.cert.CertificateFactory
import java.security.cert.X509Certificate
import java.security.spec.ECGenParameterSpec
import java.security.spec.PKCS8EncodedKeySpec
import java.time.Duration
import java.time.Instant
import java.util.Base64
import java.util.Date

/** A key pair with its certificate. */
internal class KeyAndCertificate(val keyPair: KeyPair, val certificate: X509Certificate) {
    val certificatePem: String get() = certificate.toPem()
    val privateKeyPem: String get() = keyPair.private.toPem()
}

/** The emulator's certificate authority: issues the server certificate and device certificates (EC P-256). */
internal class Pki private constructor(val ca: KeyAndCertificate) {
    private val random = SecureRandom()

    /**
     * A server certificate naming exactly [names] (subject alternative names: an IP literal as an address, anything
     * else as a DNS name; see [ServerNames]).
     */
    fun issueServerCertificate(names: List<String>): KeyAndCertificate {
        val general = GeneralNames(
            names.distinct().map {
                GeneralName(if (ServerNames.isIpLiteral(it)) GeneralName.iPAddress else GeneralName.dNSName, it)
            }.toTypedArray(),
        )
        return issue("CN=${names.first()}, O=iotsdk emulator", Duration.ofDays(825)) { builder ->
            builder.addExtension(Extension.subjectAlternativeName, false, general)
            builder.addExtension(Extension.extendedKeyUsage, false, ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
        }
    }

    fun issueDeviceCertificate(thingName: String): KeyAndCertificate =
        issue("CN=AWS IoT Certificate, OU=$thingName", Duration.ofDays(3650)) { builder ->
            builder.addExtension(Extension.extendedKeyUsage, false, ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth))
        }

    private fun issue(
        subject: String,
        validity: Duration,
        customize: (JcaX509v3CertificateBuilder) -> Unit,
    ): KeyAndCertificate {
        val keyPair = newEcKeyPair()
        val now = Instant.now()
        val builder = JcaX509v3CertificateBuilder(
            ca.certificate,
            BigInteger(127, random).add(BigInteger.ONE),
            Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(validity)),
            X500Name(subject),
            keyPair.public,
        )
        val ext = JcaX509ExtensionUtils()
        builder.addExtension(Extension.basicConstraints, true, BasicConstraints(false))
        builder.addExtension(Extension.keyUsage, true, KeyUsage(KeyUsage.digitalSignature or KeyUsage.keyAgreement))
        builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keyPair.public))
        builder.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca.certificate))
        customize(builder)
        val signer = JcaContentSignerBuilder("SHA256withECDSA").build(ca.keyPair.private)
        val cert = JcaX509CertificateConverter().getCertificate(builder.build(signer))
        return KeyAndCertificate(keyPair, cert)
    }

    companion object {
        /** The CA of an earlier run: its certificate and PKCS#8 EC key, as PEM. */
        fun fromPem(certificatePem: String, privateKeyPem: String): Pki {
            val cert = CertificateFactory.getInstance("X.509")
                .generateCertificate(certificatePem.byteInputStream()) as X509Certificate
            val der = Base64.getMimeDecoder()
                .decode(privateKeyPem.lines().filter { !it.startsWith("-----") }.joinToString(""))
            val key = KeyFactory.getInstance("EC").generatePrivate(PKCS8EncodedKeySpec(der))
            return Pki(KeyAndCertificate(KeyPair(cert.publicKey, key), cert))
        }

        fun create(): Pki {
            val keyPair = newEcKeyPair()
            val now = Instant.now()
            val name = X500Name("CN=iotsdk emulator CA, O=iotsdk")
            val builder = JcaX509v3CertificateBuilder(
                name,
                BigInteger(127, SecureRandom()).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(3650))),
                name,
                keyPair.public,
            )
            val ext = JcaX509ExtensionUtils()
            builder.addExtension(Extension.basicConstraints, true, BasicConstraints(true))
            builder.addExtension(Extension.keyUsage, true, KeyUsage(KeyUsage.keyCertSign or KeyUsage.cRLSign))
            builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keyPair.public))
            val signer = JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.private)
            val cert = JcaX509CertificateConverter().getCertificate(builder.build(signer))
            return Pki(KeyAndCertificate(keyPair, cert))
        }

        private fun newEcKeyPair(): KeyPair =
            KeyPairGenerator.getInstance("EC").apply { initialize(ECGenParameterSpec("secp256r1")) }.generateKeyPair()
    }
}

/** AWS-style certificate id: lower-case hex SHA-256 of the DER encoding. */
internal fun X509Certificate.certificateId(): String =
    MessageDigest.getInstance("SHA-256").digest(encoded).joinToString("") { "%02x".format(it) }

internal fun X509Certificate.toPem(): String = pem("CERTIFICATE", encoded)

internal fun PrivateKey.toPem(): String = pem("PRIVATE KEY", encoded)

private fun pem(type: String, der: ByteArray): String {
    val body = Base64.getMimeEncoder(64, "\n".toByteArray()).encodeToString(der)
    return "-----BEGIN $type-----\n$body\n-----END $type-----\n"
}

/** A PKCS#12-free in-memory key store with one entry (key + chain) for a KeyManagerFactory. */
internal fun keyStoreOf(entry: KeyAndCertificate, ca: X509Certificate, password: CharArray): KeyStore =
    KeyStore.getInstance("PKCS12").apply {
        load(null, null)
        setKeyEntry("server", entry.keyPair.private, password, arrayOf(entry.certificate, ca))
    }

/** A trust store holding only [ca]. */
internal fun trustStoreOf(ca: X509Certificate): KeyStore = KeyStore.getInstance("PKCS12").apply {
    load(null, null)
    setCertificateEntry("ca", ca)
}
