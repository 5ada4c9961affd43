package dev.iotsdk.emulator.provisioning

import com.hivemq.client.mqtt.datatypes.MqttQos
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode
import dev.iotsdk.emulator.CertificateStatus
import dev.iotsdk.emulator.EmulatorEvent
import dev.iotsdk.emulator.IotEmulatorExtension
import dev.iotsdk.emulator.ProvisioningTemplate
import dev.iotsdk.emulator.provisioning.ProvisioningDevice.Companion.csrPem
import dev.iotsdk.emulator.provisioning.ProvisioningDevice.Companion.ecKeyPair
import dev.iotsdk.emulator.provisioning.ProvisioningDevice.Companion.keyPem
import dev.iotsdk.emulator.provisioning.ProvisioningDevice.Companion.rsaKeyPair
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldStartWith
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.int
import kotlinx.serialization.json.jsonPrimitive
import java.security.MessageDigest
import java.security.cert.CertificateFactory
import java.security.cert.X509Certificate

private fun Mqtt5PublishResult.ack() = (this as Mqtt5PublishResult.Mqtt5Qos1Result).pubAck.reasonCode

/** The PUBACK reason code of a QoS 1 publish (the blocking client throws for error codes). */
private fun pubAck(send: () -> Mqtt5PublishResult) = try {
    send().ack()
} catch (e: Mqtt5PubAckException) {
    e.mqttMessage.reasonCode
}

class ProvisioningServiceTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())
        val create = "\$aws/certificates/create/json"
        val fromCsr = "\$aws/certificates/create-from-csr/json"
        val provision = "\$aws/provisioning-templates/factory/provision/json"

        fun JsonObject.str(key: String) = getValue(key).jsonPrimitive.content
        fun certificateId(pem: String): String {
            val cert = CertificateFactory.getInstance(
                "X.509",
            ).generateCertificate(pem.byteInputStream()) as X509Certificate
            return MessageDigest.getInstance("SHA-256").digest(cert.encoded).joinToString("") { "%02x".format(it) }
        }

        beforeSpec {
            emulator.createPolicy(
                "device",
                """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:*","Resource":"*"}]}""",
            )
            emulator.createProvisioningTemplate(
                ProvisioningTemplate(
                    "factory",
                    "sensor-{SerialNumber}",
                    mapOf("SerialNumber" to "[0-9]{4,12}"),
                    policyName = "device",
                    deviceConfiguration = mapOf("Fallback" to "false"),
                ),
            )
        }

        fun claimDevice(id: String): ProvisioningDevice {
            val claim = emulator.issueClaimCertificate("factory")
            return ProvisioningDevice(emulator, id, claim.certificatePem, claim.privateKeyPem)
        }

        fun rejectedWith(answer: Pair<String, JsonObject>, status: Int, code: String) {
            answer.first shouldBe "rejected"
            answer.second.keys shouldBe setOf("statusCode", "errorCode", "errorMessage")
            answer.second.getValue("statusCode").jsonPrimitive.int shouldBe status
            answer.second.str("errorCode") shouldBe code
        }

        test(
            "CreateKeysAndCertificate then RegisterThing: documented payloads, and the new certificate connects " +
                "as the thing",
        ) {
            claimDevice("claim-keys").use { d ->
                val (outcome, keys) = d.request(create, "")
                outcome shouldBe "accepted"
                keys.keys shouldBe setOf("certificateId", "certificatePem", "privateKey", "certificateOwnershipToken")
                keys.str("certificateId") shouldBe certificateId(keys.str("certificatePem"))
                keys.str("privateKey") shouldStartWith "-----BEGIN RSA PRIVATE KEY-----"

                // not usable before RegisterThing (PENDING_ACTIVATION)
                shouldThrow<Exception> {
                    ProvisioningDevice(emulator, "too-early", keys.str("certificatePem"), keys.str("privateKey"))
                }

                val (registered, thing) = d.request(
                    provision,
                    """{"certificateOwnershipToken":"${keys.str(
                        "certificateOwnershipToken",
                    )}","parameters":{"SerialNumber":"0001"},"templateName":"factory"}""",
                )
                registered shouldBe "accepted"
                thing.str("thingName") shouldBe "sensor-0001"
                (thing.getValue("deviceConfiguration") as JsonObject).str("Fallback") shouldBe "false"
                emulator.things().contains("sensor-0001") shouldBe true

                ProvisioningDevice(
                    emulator,
                    "sensor-0001",
                    keys.str("certificatePem"),
                    keys.str("privateKey"),
                ).use { device ->
                    device.client.publishWith().topic(
                        "sensors/0001",
                    ).qos(MqttQos.AT_LEAST_ONCE).payload("hi".encodeToByteArray()).send()
                        .ack().isError shouldBe false
                }
                val connected = emulator.awaitEvent {
                    it is EmulatorEvent.ClientConnected && it.clientId == "sensor-0001"
                } as EmulatorEvent.ClientConnected
                connected.thingName shouldBe "sensor-0001"
            }
        }

        test("CreateCertificateFromCsr signs the device's key; the token is single-use") {
            claimDevice("claim-csr").use { d ->
                val keyPair = ecKeyPair()
                val (outcome, cert) = d.request(
                    fromCsr,
                    """{"certificateSigningRequest":${kotlinx.serialization.json.JsonPrimitive(csrPem(keyPair))}}""",
                )
                withClue(cert) { outcome shouldBe "accepted" }
                cert.keys shouldBe setOf("certificateOwnershipToken", "certificateId", "certificatePem")
                val x509 = CertificateFactory.getInstance(
                    "X.509",
                ).generateCertificate(cert.str("certificatePem").byteInputStream()) as X509Certificate
                x509.publicKey shouldBe keyPair.public
                val token = cert.str("certificateOwnershipToken")
                val registered = d.request(
                    provision,
                    """{"certificateOwnershipToken":"$token","parameters":{"SerialNumber":"0002"}}""",
                )
                withClue(registered.second) { registered.first shouldBe "accepted" }
                rejectedWith(
                    d.request(
                        provision,
                        """{"certificateOwnershipToken":"$token","parameters":{"SerialNumber":"0002"}}""",
                    ),
                    400,
                    "InvalidCertificateOwnershipToken",
                )
                ProvisioningDevice(emulator, "sensor-0002", cert.str("certificatePem"), keyPem(keyPair)).close()
            }
        }

        test("a CSR with a weak key, a bad signature or no PEM is refused with the documented error shape") {
            claimDevice("claim-bad-csr").use { d ->
                rejectedWith(
                    d.request(
                        fromCsr,
                        """{"certificateSigningRequest":${kotlinx.serialization.json.JsonPrimitive(
                            csrPem(rsaKeyPair(1024)),
                        )}}""",
                    ),
                    400,
                    "InvalidCertificateSigningRequest",
                )
                rejectedWith(
                    d.request(fromCsr, """{"certificateSigningRequest":"not a csr"}"""),
                    400,
                    "InvalidCertificateSigningRequest",
                )
                rejectedWith(d.request(fromCsr, """{}"""), 400, "InvalidPayload")
                rejectedWith(d.request(fromCsr, """not json"""), 400, "InvalidPayload")
            }
        }

        test("RegisterThing rejects an empty, unknown or expired token, a bad parameter and an unknown template") {
            claimDevice("claim-errors").use { d ->
                rejectedWith(
                    d.request(provision, """{"parameters":{"SerialNumber":"0003"}}"""),
                    400,
                    "InvalidCertificateOwnershipToken",
                )
                rejectedWith(
                    d.request(
                        provision,
                        """{"certificateOwnershipToken":"nope","parameters":{"SerialNumber":"0003"}}""",
                    ),
                    400,
                    "InvalidCertificateOwnershipToken",
                )
                val token = d.request(create, "{}").second.str("certificateOwnershipToken")
                rejectedWith(
                    d.request(
                        provision,
                        """{"certificateOwnershipToken":"$token","parameters":{"SerialNumber":"x"}}""",
                    ),
                    400,
                    "InvalidParameters",
                )
                rejectedWith(
                    d.request(provision, """{"certificateOwnershipToken":"$token"}"""),
                    400,
                    "InvalidParameters",
                )
                emulator.expireOwnershipTokens()
                rejectedWith(
                    d.request(
                        provision,
                        """{"certificateOwnershipToken":"$token","parameters":{"SerialNumber":"0003"}}""",
                    ),
                    400,
                    "InvalidCertificateOwnershipToken",
                )
                emulator.things().contains("sensor-0003") shouldBe false
            }
            val claim = emulator.issueClaimCertificate("nope")
            ProvisioningDevice(emulator, "claim-unknown-template", claim.certificatePem, claim.privateKeyPem).use { d ->
                rejectedWith(
                    d.request(
                        "\$aws/provisioning-templates/nope/provision/json",
                        """{"certificateOwnershipToken":"t"}""",
                    ),
                    404,
                    "ResourceNotFound",
                )
            }
        }

        test("a claim certificate may use only the provisioning topics") {
            claimDevice("claim-limited").use { d ->
                pubAck {
                    d.client.publishWith().topic(
                        "telemetry/x",
                    ).qos(MqttQos.AT_LEAST_ONCE).payload("x".encodeToByteArray()).send()
                } shouldBe
                    Mqtt5PubAckReasonCode.NOT_AUTHORIZED
                shouldThrow<Mqtt5SubAckException> {
                    d.client.subscribeWith().topicFilter("\$aws/things/sensor-0001/shadow/#").send()
                }
                pubAck {
                    d.client.publishWith().topic(
                        "\$aws/provisioning-templates/other/provision/json",
                    ).qos(MqttQos.AT_LEAST_ONCE)
                        .payload("{}".encodeToByteArray()).send()
                } shouldBe Mqtt5PubAckReasonCode.NOT_AUTHORIZED
                emulator.awaitEvent {
                    it is EmulatorEvent.AuthorizationDenied &&
                        it.clientId == "claim-limited" &&
                        it.action == "iot:Publish"
                }
            }
        }

        test("answers go only to the connection that asked") {
            claimDevice("claim-a").use { a ->
                claimDevice("claim-b").use { b ->
                    b.client.subscribeWith().topicFilter("$create/accepted").qos(MqttQos.AT_LEAST_ONCE).send()
                    val forA = a.request(create, "").second.str("certificateId")
                    val forB = b.request(create, "").second.str("certificateId")
                    forB shouldNotBe forA
                }
            }
        }

        test("a claim certificate's TLS handshake fails once it is deactivated") {
            val claim = emulator.issueClaimCertificate("factory")
            emulator.setCertificateStatus(claim.certificateId, CertificateStatus.INACTIVE)
            shouldThrow<Exception> {
                ProvisioningDevice(emulator, "claim-off", claim.certificatePem, claim.privateKeyPem)
            }
            emulator.awaitEvent { it is EmulatorEvent.ConnectionRefused && it.reason.contains("handshake") }
        }
    })
