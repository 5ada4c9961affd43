package dev.iotsdk.provisioning

import dev.iotsdk.test.IotEmulatorExtension
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldStartWith

/**
 * Fleet provisioning on the CBOR topics (`$aws/certificates/create/cbor`, `…/create-from-csr/cbor`,
 * `$aws/provisioning-templates/<name>/provision/cbor`): the SDK's kotlinx.serialization CBOR against the emulator's own
 * CBOR reader and writer, over mutual TLS with a claim certificate.
 */
class ProvisioningCborTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())
        beforeSpec { emulator.createFactoryTemplate() }
        val cbor = ProvisioningClientOptions(payloadFormat = ProvisioningPayloadFormat.CBOR)

        test("CreateCertificateFromCsr and RegisterThing over CBOR provision a thing") {
            val claim = emulator.issueClaimCertificate(TEMPLATE)
            emulator.claimClient(claim, "claim-cbor-csr").use { mqtt ->
                mqtt.connect()
                ProvisioningClient(mqtt, cbor).use { provisioning ->
                    val csr = CertificateSigningRequest.generate(KeyType.EC_P256)
                    val certificate = provisioning.createCertificateFromCsr(csr.pem)
                    certificate.certificatePem shouldStartWith "-----BEGIN CERTIFICATE-----"
                    val thing = provisioning.registerThing(
                        TEMPLATE,
                        certificate.certificateOwnershipToken,
                        mapOf("SerialNumber" to "4242"),
                    )
                    thing.thingName shouldBe "sensor-4242"
                    thing.deviceConfiguration shouldBe mapOf("telemetryTopic" to "telemetry")
                }
            }
        }

        test("CreateKeysAndCertificate over CBOR returns a key, and a CBOR rejection is typed") {
            val claim = emulator.issueClaimCertificate(TEMPLATE)
            emulator.claimClient(claim, "claim-cbor-keys").use { mqtt ->
                mqtt.connect()
                ProvisioningClient(mqtt, cbor).use { provisioning ->
                    val keys = provisioning.createKeysAndCertificate()
                    keys.privateKey shouldStartWith "-----BEGIN"
                    val rejected = shouldThrow<ProvisioningRejectedException> {
                        val token = keys.certificateOwnershipToken
                        provisioning.registerThing(TEMPLATE, token, mapOf("SerialNumber" to "x"))
                    }
                    rejected.errorCode shouldBe "InvalidParameters"
                    rejected.statusCode shouldBe 400
                }
            }
        }
    })
