package dev.iotsdk.auth

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.StringSpec
import io.kotest.engine.spec.tempdir
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.io.File
import java.security.KeyStore

class TrustMaterialTest :
    StringSpec({
        val ca1 = TestPki.ca()
        val ca2 = TestPki.ca()

        "the system store has issuers" {
            (TrustMaterial.system().trustManager().acceptedIssuers.size > 0) shouldBe true
        }

        "several PEM certificates, from text and file" {
            val pem = "intro\r\n" + TestPki.certPem(ca1.certificate, ca2.certificate).replace("\n", "\r\n")
            TrustMaterial.fromPem(pem).trustManager().acceptedIssuers.toList().size shouldBe 2
            val file = File(tempdir(), "ca.pem").apply { writeText(pem) }
            TrustMaterial.fromPemFile(file.toPath()).certificates shouldBe listOf(ca1.certificate, ca2.certificate)
        }

        "a key store" {
            val ks = KeyStore.getInstance("PKCS12").apply {
                load(null, null)
                setCertificateEntry("a", ca1.certificate)
            }
            TrustMaterial.fromKeyStore(ks).trustManager().acceptedIssuers.toList() shouldContain ca1.certificate
        }

        "no certificate is an error" {
            shouldThrow<TlsMaterialException> { TrustMaterial.fromPem("nothing here") }.message shouldContain
                "No certificate found"
        }
    })
