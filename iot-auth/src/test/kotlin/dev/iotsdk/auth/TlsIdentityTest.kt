package dev.iotsdk.auth

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.StringSpec
import io.kotest.engine.spec.tempdir
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import java.io.File
import java.security.KeyStore
import java.security.Security
import java.security.interfaces.ECPrivateKey
import java.util.Base64

class TlsIdentityTest :
    StringSpec({
        val ca = TestPki.ca()
        val rsaDevice = TestPki.issue("CN=rsa-device", TestPki.rsa(), ca)
        val ecDevice = TestPki.issue("CN=ec-device", TestPki.ec(), ca)
        val ec384Device = TestPki.issue("CN=ec384-device", TestPki.ec("secp384r1"), ca)

        fun TlsIdentity.keyFor(type: String) = keyManager().let { km ->
            val alias = km.chooseClientAlias(arrayOf(type), null, null)
            alias shouldNotBe null
            km.getPrivateKey(alias)
        }

        "RSA PKCS#8" {
            val id = TlsIdentity.fromPem(
                TestPki.certPem(rsaDevice.certificate),
                TestPki.pkcs8Pem(rsaDevice.keyPair.private),
            )
            id.certificateChain shouldBe listOf(rsaDevice.certificate)
            id.keyFor("RSA").encoded shouldBe rsaDevice.keyPair.private.encoded
        }

        "RSA PKCS#1 with CRLF and text around the blocks" {
            val keyPem =
                "Bag Attributes\r\n" + TestPki.traditionalPem(rsaDevice.keyPair.private).replace("\n", "\r\n") +
                    "trailing\r\n"
            keyPem shouldContain "BEGIN RSA PRIVATE KEY"
            val id = TlsIdentity.fromPem("subject=CN=x\n" + TestPki.certPem(rsaDevice.certificate), keyPem)
            id.keyFor("RSA").encoded shouldBe rsaDevice.keyPair.private.encoded
        }

        "EC SEC1 P-256 and P-384" {
            for (device in listOf(ecDevice, ec384Device)) {
                val keyPem = TestPki.traditionalPem(device.keyPair.private)
                keyPem shouldContain "BEGIN EC PRIVATE KEY"
                val id = TlsIdentity.fromPem(TestPki.certPem(device.certificate), keyPem)
                val key = id.keyFor("EC") as ECPrivateKey
                key.s shouldBe (device.keyPair.private as ECPrivateKey).s
            }
        }

        "EC SEC1 that names its curve (OpenSSL style)" {
            val device = TestPki.issue("CN=bc-ec-device", TestPki.bcEc("secp384r1"), ca)
            val keyPem = TestPki.traditionalPem(device.keyPair.private)
            val id = TlsIdentity.fromPem(TestPki.certPem(device.certificate), keyPem)
            (id.keyFor("EC") as ECPrivateKey).s shouldBe
                (device.keyPair.private as ECPrivateKey).s
        }

        "EC PKCS#8" {
            val id = TlsIdentity.fromPem(
                TestPki.certPem(ecDevice.certificate),
                TestPki.pkcs8Pem(ecDevice.keyPair.private),
            )
            id.keyFor("EC").encoded shouldBe ecDevice.keyPair.private.encoded
            id.keyManager().chooseClientAlias(arrayOf("RSA"), null, null) shouldBe null
        }

        "encrypted PKCS#8 with the right password, and clear errors without or with a wrong one" {
            val pem = TestPki.encryptedPkcs8Pem(rsaDevice.keyPair.private, "s3cret".toCharArray())
            pem shouldContain "BEGIN ENCRYPTED PRIVATE KEY"
            val id = TlsIdentity.fromPem(TestPki.certPem(rsaDevice.certificate), pem, "s3cret".toCharArray())
            id.keyFor("RSA").encoded shouldBe rsaDevice.keyPair.private.encoded
            shouldThrow<TlsMaterialException> { TlsIdentity.fromPem(TestPki.certPem(rsaDevice.certificate), pem) }
                .message shouldContain "pass its password"
            shouldThrow<TlsMaterialException> {
                TlsIdentity.fromPem(TestPki.certPem(rsaDevice.certificate), pem, "wrong".toCharArray())
            }.message shouldContain "wrong password"
        }

        "a certificate chain is kept, device certificate first whatever the order" {
            val id = TlsIdentity.fromPem(
                TestPki.certPem(ca.certificate, ecDevice.certificate),
                TestPki.pkcs8Pem(ecDevice.keyPair.private),
            )
            id.certificateChain shouldBe listOf(ecDevice.certificate, ca.certificate)
            id.keyManager().getCertificateChain(
                id.keyManager().chooseClientAlias(arrayOf("EC"), null, null),
            ).toList() shouldBe
                listOf(ecDevice.certificate, ca.certificate)
        }

        "a key that does not match the certificate is refused, without key bytes in the message" {
            val keyPem = TestPki.pkcs8Pem(rsaDevice.keyPair.private)
            val e =
                shouldThrow<TlsMaterialException> { TlsIdentity.fromPem(TestPki.certPem(ecDevice.certificate), keyPem) }
            e.message shouldContain "does not match the certificate"
            e.message shouldContain "CN=ec-device"
            val base64 = Base64.getEncoder().encodeToString(rsaDevice.keyPair.private.encoded)
            e.message shouldNotContain base64.substring(40, 80)
            val other = TestPki.issue("CN=other", TestPki.rsa(), ca)
            shouldThrow<TlsMaterialException> { TlsIdentity.fromPem(TestPki.certPem(other.certificate), keyPem) }
        }

        "malformed PEM: bad base64, truncated block, no certificate, no key" {
            val cert = TestPki.certPem(rsaDevice.certificate)
            val key = TestPki.pkcs8Pem(rsaDevice.keyPair.private)
            shouldThrow<TlsMaterialException> {
                TlsIdentity.fromPem(cert, "-----BEGIN PRIVATE KEY-----\n!!!notbase64***\n-----END PRIVATE KEY-----\n")
            }.message shouldContain "not valid base64"
            shouldThrow<TlsMaterialException> { TlsIdentity.fromPem(cert, key.substringBefore("-----END")) }
                .message shouldContain "no matching 'END'"
            shouldThrow<TlsMaterialException> { TlsIdentity.fromPem("just text", key) }
                .message shouldContain "No certificate found"
            shouldThrow<TlsMaterialException> { TlsIdentity.fromPem(cert, cert) }
                .message shouldContain "No private key found"
            shouldThrow<TlsMaterialException> {
                TlsIdentity.fromPem(cert, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
            }.message shouldContain "not a valid key"
            shouldThrow<TlsMaterialException> {
                TlsIdentity.fromPem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", key)
            }.message shouldContain "not a valid X.509 certificate"
        }

        "PEM files, and a missing file" {
            val dir = tempdir()
            val certFile = File(dir, "device.pem.crt").apply { writeText(TestPki.certPem(ecDevice.certificate)) }
            val keyFile = File(dir, "private.pem.key").apply {
                writeText(TestPki.traditionalPem(ecDevice.keyPair.private))
            }
            TlsIdentity.fromPemFiles(certFile.toPath(), keyFile.toPath()).certificateChain shouldBe
                listOf(ecDevice.certificate)
            shouldThrow<TlsMaterialException> { TlsIdentity.fromPemFiles(File(dir, "nope").toPath(), keyFile.toPath()) }
                .message shouldContain "does not exist"
        }

        "PKCS#12 round trip and wrong password" {
            val dir = tempdir()
            val password = "changeit".toCharArray()
            val p12 = File(dir, "device.p12")
            KeyStore.getInstance("PKCS12").apply {
                load(null, null)
                setKeyEntry(
                    "device",
                    rsaDevice.keyPair.private,
                    password,
                    arrayOf(rsaDevice.certificate, ca.certificate),
                )
                p12.outputStream().use { store(it, password) }
            }
            val id = TlsIdentity.fromPkcs12(p12.toPath(), password)
            id.certificateChain shouldBe listOf(rsaDevice.certificate, ca.certificate)
            id.keyFor("RSA").encoded shouldBe rsaDevice.keyPair.private.encoded
            shouldThrow<TlsMaterialException> { TlsIdentity.fromPkcs12(p12.toPath(), "bad".toCharArray()) }
                .message shouldContain "wrong password"
        }

        "KeyStore with alias selection, missing alias and no key entry" {
            val pw = "pw".toCharArray()
            val ks = KeyStore.getInstance("PKCS12").apply {
                load(null, null)
                setCertificateEntry("ca", ca.certificate)
                setKeyEntry("rsa", rsaDevice.keyPair.private, pw, arrayOf(rsaDevice.certificate))
                setKeyEntry("ec", ecDevice.keyPair.private, pw, arrayOf(ecDevice.certificate))
            }
            TlsIdentity.fromKeyStore(ks, pw, "ec").certificateChain shouldBe listOf(ecDevice.certificate)
            shouldThrow<TlsMaterialException> { TlsIdentity.fromKeyStore(ks, pw, "ca") }.message shouldContain
                "no private key entry 'ca'"
            val empty = KeyStore.getInstance("PKCS12").apply {
                load(null, null)
                setCertificateEntry("ca", ca.certificate)
            }
            shouldThrow<TlsMaterialException> { TlsIdentity.fromKeyStore(empty, pw) }.message shouldContain
                "no private key entry"
        }

        "a key manager is used as is" {
            val base = TlsIdentity.fromPem(
                TestPki.certPem(ecDevice.certificate),
                TestPki.pkcs8Pem(ecDevice.keyPair.private),
            ).keyManager()
            val id = TlsIdentity.fromKeyManager(base)
            id.keyManager() shouldBe base
            id.certificateChain shouldBe null
        }

        "PKCS#11 with an unusable configuration is a TlsMaterialException" {
            val e = shouldThrow<TlsMaterialException> {
                TlsIdentity.fromPkcs11("--name=test\nlibrary=/nonexistent/libpkcs11.so\n", "1234".toCharArray())
            }
            e.message shouldContain
                if (Security.getProvider("SunPKCS11") == null) "no SunPKCS11" else "SunPKCS11"
        }
    })
