package dev.iotsdk.samples.credentials

import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.test.IotEmulatorExtension
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class CredentialsSamplesTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())
        val trust = TrustMaterial.fromPemFile(emu.caPath)

        test("Cognito pub/sub (Kotlin and Java) receives its own messages over WebSocket") {
            val pool = emu.createIdentityPool("samples", allowUnauthenticated = true)
            CognitoPubSub.run(
                emu.endpoint,
                emu.port443,
                emu.region,
                pool,
                "https://localhost:${emu.port443}",
                trust,
                "sdk/test/cognito",
                2,
            ) {
            }
                .shouldBe(listOf("Hello from Cognito #1", "Hello from Cognito #2"))
            CognitoPubSubJava.run(
                emu.endpoint,
                emu.port443,
                emu.region,
                pool,
                "https://localhost:${emu.port443}",
                trust,
                "sdk/test/java",
                2,
            )
                .shouldBe(listOf("Hello from Java #1", "Hello from Java #2"))
        }

        test("certificate credentials (Kotlin and Java) call the data plane") {
            emu.createRoleAlias("samples-role", "arn:aws:iam::${emu.accountId}:role/samples")
            val kotlinDevice = emu.registerThing("cc-kotlin")
            CertificateCredentials.run(
                "${emu.endpoint}:${emu.port8443}",
                "https://localhost:${emu.port443}",
                emu.region,
                "samples-role",
                kotlinDevice.thingName,
                TlsIdentity.fromPem(kotlinDevice.certificatePem, kotlinDevice.privateKeyPem),
                trust,
            ) {} shouldBe 1L
            val javaDevice = emu.registerThing("cc-java")
            CertificateCredentialsJava.run(
                "${emu.endpoint}:${emu.port8443}",
                "https://localhost:${emu.port443}",
                emu.region,
                "samples-role",
                javaDevice.thingName,
                TlsIdentity.fromPem(javaDevice.certificatePem, javaDevice.privateKeyPem),
                trust,
            ) shouldBe 1L
        }
    })
