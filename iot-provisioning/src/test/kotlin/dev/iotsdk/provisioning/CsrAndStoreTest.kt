package dev.iotsdk.provisioning

import dev.iotsdk.auth.TlsIdentity
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldNotContain
import org.bouncycastle.asn1.x500.X500Name
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder
import org.bouncycastle.openssl.PEMParser
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder
import org.bouncycastle.pkcs.PKCS10CertificationRequest
import java.io.IOException
import java.io.StringReader
import java.math.BigInteger
import java.nio.file.Files
import java.nio.file.attribute.PosixFilePermission
import java.security.KeyFactory
import java.security.KeyPair
import java.security.spec.X509EncodedKeySpec
import java.util.Base64
import java.util.Date

class CsrAndStoreTest :
    FunSpec({
        fun parse(pem: String) = PEMParser(StringReader(pem)).use { it.readObject() } as PKCS10CertificationRequest

        fun selfSigned(keyPair: KeyPair): String {
            val algorithm = if (keyPair.public.algorithm == "EC") "SHA256withECDSA" else "SHA256withRSA"
            val cert = JcaX509CertificateConverter().getCertificate(
                JcaX509v3CertificateBuilder(
                    X500Name("CN=t"),
                    BigInteger.ONE,
                    Date(),
                    Date(System.currentTimeMillis() + 86_400_000),
                    X500Name("CN=t"),
                    keyPair.public,
                ).build(JcaContentSignerBuilder(algorithm).build(keyPair.private)),
            )
            return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(cert.encoded) +
                "\n-----END CERTIFICATE-----\n"
        }

        for (type in KeyType.values()) {
            test("a $type CSR is a valid PKCS#10 request, signed by its key, for CN and the key's public half") {
                val csr = CertificateSigningRequest.generate(type, "sensor 42")
                val parsed = parse(csr.pem)
                val algorithm = if (type == KeyType.EC_P256) "EC" else "RSA"
                val key = KeyFactory.getInstance(
                    algorithm,
                ).generatePublic(X509EncodedKeySpec(parsed.subjectPublicKeyInfo.encoded))
                parsed.isSignatureValid(JcaContentVerifierProviderBuilder().build(key)) shouldBe true
                key shouldBe csr.keyPair.public
                parsed.subject shouldBe X500Name("CN=sensor 42")
                csr.toString() shouldNotContain csr.privateKeyPem().lines()[1]
                // the stored key pairs with a certificate
                TlsIdentity.fromPem(selfSigned(csr.keyPair), csr.privateKeyPem())
            }
        }

        test("the PEM store saves atomically, owner-only, and reads back what it saved") {
            val dir = Files.createTempDirectory("store-test")
            try {
                val store = PemCredentialsStore(dir.resolve("identity.pem"))
                store.load() shouldBe null
                val csr = CertificateSigningRequest.generate()
                val first = DeviceCredentials("sensor-1", "id-1", selfSigned(csr.keyPair), csr.privateKeyPem())
                store.save(first)
                val csr2 = CertificateSigningRequest.generate(KeyType.RSA_2048)
                store.save(DeviceCredentials("sensor-2", "id-2", selfSigned(csr2.keyPair), csr2.privateKeyPem()))
                val loaded = store.load()!!
                loaded.thingName shouldBe "sensor-2"
                loaded.certificateId shouldBe "id-2"
                loaded.privateKeyPem.trim() shouldBe csr2.privateKeyPem().trim()
                loaded.tlsIdentity()
                Files.list(dir).use { files -> files.map { it.fileName.toString() }.toList() } shouldContainExactly
                    listOf("identity.pem")
                Files.getPosixFilePermissions(store.file) shouldBe
                    setOf(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)
                loaded.toString() shouldNotContain "PRIVATE"
            } finally {
                dir.toFile().deleteRecursively()
            }
        }

        test("a damaged identity file is an IOException, not half an identity") {
            val dir = Files.createTempDirectory("store-test")
            try {
                val file = dir.resolve("identity.pem")
                Files.writeString(
                    file,
                    "# thingName: t\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                )
                shouldThrow<IOException> { PemCredentialsStore(file).load() }
            } finally {
                dir.toFile().deleteRecursively()
            }
        }
    })
