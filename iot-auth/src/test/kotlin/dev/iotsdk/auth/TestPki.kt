package dev.iotsdk.auth

import org.bouncycastle.asn1.x500.X500Name
import org.bouncycastle.asn1.x509.BasicConstraints
import org.bouncycastle.asn1.x509.Extension
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder
import org.bouncycastle.jce.provider.BouncyCastleProvider
import org.bouncycastle.openssl.jcajce.JcaPEMWriter
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder
import java.io.StringWriter
import java.math.BigInteger
import java.security.KeyPair
import java.security.KeyPairGenerator
import java.security.PrivateKey
import java.security.cert.X509Certificate
import java.security.spec.ECGenParameterSpec
import java.util.Base64
import java.util.Date

/** Test certificates and keys, made with BouncyCastle (test scope only). */
internal object TestPki {
    fun rsa(): KeyPair = KeyPairGenerator.getInstance("RSA").apply { initialize(2048) }.generateKeyPair()

    /** An EC key made by BouncyCastle, whose SEC1 form names its curve as OpenSSL's does. */
    fun bcEc(curve: String = "secp256r1"): KeyPair = KeyPairGenerator.getInstance("EC", BouncyCastleProvider()).apply {
        initialize(ECGenParameterSpec(curve))
    }.generateKeyPair()

    fun ec(curve: String = "secp256r1"): KeyPair =
        KeyPairGenerator.getInstance("EC").apply { initialize(ECGenParameterSpec(curve)) }.generateKeyPair()

    class Issued(val keyPair: KeyPair, val certificate: X509Certificate)

    private var serial = 1L

    fun issue(subject: String, keyPair: KeyPair, issuer: Issued?, ca: Boolean = false): Issued {
        val now = System.currentTimeMillis()
        val signerKey = issuer?.keyPair?.private ?: keyPair.private
        val builder = JcaX509v3CertificateBuilder(
            X500Name(issuer?.certificate?.subjectX500Principal?.name ?: subject),
            BigInteger.valueOf(serial++),
            Date(now - 60_000),
            Date(now + 86_400_000),
            X500Name(subject),
            keyPair.public,
        ).addExtension(Extension.basicConstraints, true, BasicConstraints(ca))
        val algorithm = if (signerKey.algorithm == "RSA") "SHA256withRSA" else "SHA256withECDSA"
        val holder = builder.build(JcaContentSignerBuilder(algorithm).build(signerKey))
        return Issued(keyPair, JcaX509CertificateConverter().getCertificate(holder))
    }

    fun ca(): Issued = issue("CN=Test CA", rsa(), null, ca = true)

    /** OpenSSL "traditional" form: RSA PRIVATE KEY (PKCS#1) or EC PRIVATE KEY (SEC1). */
    fun traditionalPem(key: PrivateKey): String =
        StringWriter().also { w -> JcaPEMWriter(w).use { it.writeObject(key) } }.toString()

    fun pkcs8Pem(key: PrivateKey): String = pem("PRIVATE KEY", key.encoded)

    fun encryptedPkcs8Pem(key: PrivateKey, password: CharArray): String {
        val encryptor = JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
            .setProvider(BouncyCastleProvider()).setPassword(password).build()
        return StringWriter().also { w ->
            JcaPEMWriter(w).use { it.writeObject(JcaPKCS8Generator(key, encryptor)) }
        }.toString()
    }

    fun certPem(vararg certs: X509Certificate): String = certs.joinToString("") { pem("CERTIFICATE", it.encoded) }

    fun pem(label: String, der: ByteArray): String =
        "-----BEGIN $label-----\n" + Base64.getMimeEncoder(64, "\n".toByteArray()).encodeToString(der) +
            "\n-----END $label-----\n"
}
