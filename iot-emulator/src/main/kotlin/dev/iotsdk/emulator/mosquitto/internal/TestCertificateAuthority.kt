package dev.iotsdk.emulator.mosquitto.internal

import org.bouncycastle.asn1.x500.X500Name
import org.bouncycastle.asn1.x500.X500NameBuilder
import org.bouncycastle.asn1.x500.style.BCStyle
import org.bouncycastle.asn1.x509.BasicConstraints
import org.bouncycastle.asn1.x509.ExtendedKeyUsage
import org.bouncycastle.asn1.x509.Extension
import org.bouncycastle.asn1.x509.GeneralName
import org.bouncycastle.asn1.x509.GeneralNames
import org.bouncycastle.asn1.x509.KeyPurposeId
import org.bouncycastle.asn1.x509.KeyUsage
import org.bouncycastle.cert.X509v3CertificateBuilder
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder
import org.bouncycastle.openssl.jcajce.JcaPEMWriter
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder
import java.io.StringWriter
import java.math.BigInteger
import java.security.KeyPair
import java.security.KeyPairGenerator
import java.security.PrivateKey
import java.security.SecureRandom
import java.security.cert.X509Certificate
import java.security.spec.ECGenParameterSpec
import java.time.Duration
import java.time.Instant
import java.util.Date

/** An EC P-256 key and the certificate issued for it. */
internal class IssuedCertificate(val certificate: X509Certificate, val privateKey: PrivateKey) {
    val certificatePem: String get() = pem(certificate)
    val privateKeyPem: String get() = pem(JcaPKCS8Generator(privateKey, null).generate())
}

/** A throw-away certificate authority (EC P-256, SHA-256 with ECDSA) for one broker's TLS listener and clients. */
internal class TestCertificateAuthority(name: String) {
    private val random = SecureRandom()
    private val caName = X500NameBuilder(
        BCStyle.INSTANCE,
    ).addRDN(BCStyle.O, "iotsdk tests").addRDN(BCStyle.CN, name).build()
    private val caKeys = newKeyPair()
    private val extensions = JcaX509ExtensionUtils()

    /** The self-signed CA certificate. */
    val ca: IssuedCertificate = IssuedCertificate(
        sign(
            builder(caName, caKeys)
                .addExtension(Extension.basicConstraints, true, BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, KeyUsage(KeyUsage.keyCertSign or KeyUsage.cRLSign))
                .addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    extensions.createAuthorityKeyIdentifier(caKeys.public),
                ),
        ),
        caKeys.private,
    )

    /** A server certificate valid for `localhost`, `127.0.0.1` and `::1`. */
    fun issueServer(): IssuedCertificate = issue("localhost", KeyPurposeId.id_kp_serverAuth) {
        addExtension(
            Extension.subjectAlternativeName,
            false,
            GeneralNames(
                arrayOf(
                    GeneralName(GeneralName.dNSName, "localhost"),
                    GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    GeneralName(GeneralName.iPAddress, "::1"),
                ),
            ),
        )
    }

    /** A client certificate whose subject is `CN=`[commonName]. */
    fun issueClient(commonName: String): IssuedCertificate = issue(commonName, KeyPurposeId.id_kp_clientAuth) {}

    private fun issue(
        commonName: String,
        purpose: KeyPurposeId,
        more: X509v3CertificateBuilder.() -> Unit,
    ): IssuedCertificate {
        val keys = newKeyPair()
        val subject = X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build()
        val builder = JcaX509v3CertificateBuilder(caName, serial(), notBefore(), notAfter(), subject, keys.public)
            .addExtension(Extension.basicConstraints, true, BasicConstraints(false))
            .addExtension(Extension.keyUsage, true, KeyUsage(KeyUsage.digitalSignature or KeyUsage.keyAgreement))
            .addExtension(Extension.extendedKeyUsage, false, ExtendedKeyUsage(purpose))
            .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.public))
            .addExtension(
                Extension.authorityKeyIdentifier,
                false,
                extensions.createAuthorityKeyIdentifier(ca.certificate),
            )
        builder.more()
        return IssuedCertificate(sign(builder), keys.private)
    }

    private fun builder(subject: X500Name, keys: KeyPair): X509v3CertificateBuilder =
        JcaX509v3CertificateBuilder(caName, serial(), notBefore(), notAfter(), subject, keys.public)
            .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.public))

    private fun sign(builder: X509v3CertificateBuilder): X509Certificate = JcaX509CertificateConverter().getCertificate(
        builder.build(JcaContentSignerBuilder(SIGNATURE).build(caKeys.private)),
    )

    private fun serial() = BigInteger(SERIAL_BITS, random).add(BigInteger.ONE)

    private fun notBefore() = Date.from(Instant.now().minus(CLOCK_SKEW))

    private fun notAfter() = Date.from(Instant.now().plus(VALIDITY))

    private fun newKeyPair(): KeyPair = KeyPairGenerator.getInstance("EC").apply {
        initialize(ECGenParameterSpec("secp256r1"), random)
    }.generateKeyPair()

    private companion object {
        const val SIGNATURE = "SHA256withECDSA"
        const val SERIAL_BITS = 63
        val CLOCK_SKEW: Duration = Duration.ofHours(1)
        val VALIDITY: Duration = Duration.ofDays(7)
    }
}

private fun pem(item: Any): String {
    val out = StringWriter()
    JcaPEMWriter(out).use { it.writeObject(item) }
    return out.toString()
}
