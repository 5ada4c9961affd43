package dev.iotsdk.dataplane

import dev.iotsdk.auth.IotCredentialsProvider
import dev.iotsdk.auth.StaticCredentialsProvider
import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.test.IotEmulatorExtension
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class IotCredentialsDataPlaneTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())

        test(
            "a device calls the data plane with credentials from the IoT credentials provider; expired ones are " +
                "refused",
        ) {
            emulator.createRoleAlias("dp-role", "arn:aws:iam::123456789012:role/dp")
            val device = emulator.registerThing("dp-device")
            IotCredentialsProvider {
                endpoint = "${emulator.endpoint}:${emulator.port8443}"
                roleAlias = "dp-role"
                thingName = device.thingName
                identity = TlsIdentity.fromPem(device.certificatePem, device.privateKeyPem)
                trust = TrustMaterial.fromPemFile(emulator.caPath)
            }.use { provider ->
                emulator.dataPlane { credentialsProvider = provider }.use { client ->
                    client.updateThingShadow(device.thingName, """{"state":{"reported":{"on":true}}}""".toByteArray())
                    client.getThingShadow(device.thingName).version shouldBe 1L
                }
                val issued = provider.resolve()
                emulator.expireIssuedCredentials()
                emulator.dataPlane { credentialsProvider = StaticCredentialsProvider(issued) }.use { client ->
                    shouldThrow<DataPlaneServiceException> {
                        client.getThingShadow(device.thingName)
                    }.statusCode shouldBe
                        403
                }
            }
        }
    })
