package dev.iotsdk.emulator.controlplane

import com.hivemq.client.mqtt.MqttClient
import com.hivemq.client.mqtt.MqttClientSslConfig
import dev.iotsdk.emulator.EmulatorEvent
import dev.iotsdk.emulator.IotEmulatorExtension
import dev.iotsdk.emulator.Tls
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.throwables.shouldThrowAny
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import org.bouncycastle.asn1.x500.X500Name
import org.bouncycastle.openssl.PEMKeyPair
import org.bouncycastle.openssl.PEMParser
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter
import org.bouncycastle.openssl.jcajce.JcaPEMWriter
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder
import software.amazon.awssdk.services.iot.model.AttributePayload
import software.amazon.awssdk.services.iot.model.CertificateStateException
import software.amazon.awssdk.services.iot.model.CertificateStatus
import software.amazon.awssdk.services.iot.model.DeleteConflictException
import software.amazon.awssdk.services.iot.model.InvalidRequestException
import software.amazon.awssdk.services.iot.model.InvalidStateTransitionException
import software.amazon.awssdk.services.iot.model.IotException
import software.amazon.awssdk.services.iot.model.JobExecutionStatus
import software.amazon.awssdk.services.iot.model.JobStatus
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException
import software.amazon.awssdk.services.iot.model.VersionConflictException
import java.io.StringReader
import java.io.StringWriter
import java.security.KeyPairGenerator
import java.security.KeyStore
import java.security.PrivateKey
import java.security.spec.ECGenParameterSpec
import javax.net.ssl.KeyManagerFactory

class ControlPlaneApiTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())
        val iot by lazy { awsIotClient(emu) }

        afterSpec { iot.close() }

        test("things: create, describe, update attributes with versions, list with pages and filters, delete") {
            val created = iot.createThing {
                it.thingName(
                    "cp-thing-1",
                ).attributePayload(AttributePayload.builder().attributes(mapOf("floor" to "1")).build())
            }
            created.thingArn() shouldBe "arn:aws:iot:${emu.region}:${emu.accountId}:thing/cp-thing-1"
            iot.createThing { it.thingName("cp-thing-2") }
            iot.createThing {
                it.thingName("cp-thing-3").attributePayload(
                    AttributePayload.builder().attributes(
                        mapOf(
                            "floor" to "2",
                        ),
                    ).build(),
                )
            }
            ("cp-thing-1" in emu.things()) shouldBe true

            val described = iot.describeThing { it.thingName("cp-thing-1") }
            described.attributes() shouldBe mapOf("floor" to "1")
            described.version() shouldBe 1L
            described.thingId().length shouldBe 36

            iot.updateThing {
                it.thingName("cp-thing-1").expectedVersion(1L)
                    .attributePayload(AttributePayload.builder().attributes(mapOf("room" to "7")).merge(true).build())
            }
            iot.describeThing { it.thingName("cp-thing-1") }.let {
                it.attributes() shouldBe mapOf("floor" to "1", "room" to "7")
                it.version() shouldBe 2L
            }
            shouldThrow<VersionConflictException> {
                iot.updateThing {
                    it.thingName("cp-thing-1").expectedVersion(1L).attributePayload(
                        AttributePayload.builder().attributes(
                            mapOf(
                                "a" to "b",
                            ),
                        ).build(),
                    )
                }
            }.statusCode() shouldBe 409

            val first = iot.listThings { it.maxResults(2) }
            first.things().size shouldBe 2
            val second = iot.listThings { it.maxResults(2).nextToken(first.nextToken()) }
            (first.things() + second.things()).map {
                it.thingName()
            }.filter { it.startsWith("cp-thing-") } shouldContainExactly
                listOf("cp-thing-1", "cp-thing-2", "cp-thing-3")
            iot.listThings {
                it.attributeName("floor").attributeValue("2")
            }.things().map { it.thingName() } shouldContainExactly
                listOf("cp-thing-3")

            iot.deleteThing { it.thingName("cp-thing-2") }
            shouldThrow<ResourceNotFoundException> { iot.describeThing { it.thingName("cp-thing-2") } }.let {
                it.statusCode() shouldBe 404
                it.awsErrorDetails().errorCode() shouldBe "ResourceNotFoundException"
                it.awsErrorDetails().errorMessage() shouldContain "cp-thing-2"
            }
            shouldThrow<ResourceAlreadyExistsException> {
                iot.createThing {
                    it.thingName("cp-thing-3").attributePayload(
                        AttributePayload.builder().attributes(
                            mapOf(
                                "floor" to "9",
                            ),
                        ).build(),
                    )
                }
            }.statusCode() shouldBe 409
            shouldThrow<InvalidRequestException> { iot.createThing { it.thingName("bad name!") } }.statusCode() shouldBe
                400
        }

        test(
            "a thing and certificate created over the API connect over mutual TLS; an INACTIVE or REVOKED " +
                "certificate cannot",
        ) {
            iot.createThing { it.thingName("cp-device") }
            val keys = iot.createKeysAndCertificate { it.setAsActive(true) }
            keys.certificateArn() shouldBe "arn:aws:iot:${emu.region}:${emu.accountId}:cert/${keys.certificateId()}"
            keys.keyPair().privateKey() shouldStartWith "-----BEGIN RSA PRIVATE KEY-----"
            iot.createPolicy {
                it.policyName("cp-device-policy").policyDocument(
                    """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:Connect","Resource":"arn:aws:iot:*:*:client/${'$'}{iot:Connection.Thing.ThingName}"}]}""",
                )
            }
            iot.attachPolicy { it.policyName("cp-device-policy").target(keys.certificateArn()) }
            iot.attachThingPrincipal { it.thingName("cp-device").principal(keys.certificateArn()) }
            iot.listThingPrincipals { it.thingName("cp-device") }.principals() shouldContainExactly
                listOf(keys.certificateArn())

            val key = (PEMParser(StringReader(keys.keyPair().privateKey())).readObject() as PEMKeyPair).let {
                JcaPEMKeyConverter().getKeyPair(it).private
            }
            fun connect(clientId: String) = MqttClient.builder().useMqttVersion5().identifier(
                clientId,
            ).serverHost("localhost").serverPort(emu.mqttPort)
                .sslConfig(ssl(emu.caCertificatePem, keys.certificatePem(), key)).buildBlocking()
            connect("cp-device").let { client ->
                client.connect()
                emu.awaitEvent { it is EmulatorEvent.ClientConnected && it.thingName == "cp-device" }
                client.disconnect()
            }

            iot.describeCertificate {
                it.certificateId(keys.certificateId())
            }.certificateDescription().status() shouldBe
                CertificateStatus.ACTIVE
            shouldThrow<CertificateStateException> {
                iot.deleteCertificate { it.certificateId(keys.certificateId()) }
            }.statusCode() shouldBe
                406
            iot.updateCertificate { it.certificateId(keys.certificateId()).newStatus(CertificateStatus.INACTIVE) }
            shouldThrowAny { connect("cp-device").connect() }
            iot.updateCertificate { it.certificateId(keys.certificateId()).newStatus(CertificateStatus.REVOKED) }
            shouldThrow<CertificateStateException> {
                iot.updateCertificate { it.certificateId(keys.certificateId()).newStatus(CertificateStatus.ACTIVE) }
            }.awsErrorDetails().errorCode() shouldBe "CertificateStateException"

            shouldThrow<DeleteConflictException> {
                iot.deleteCertificate { it.certificateId(keys.certificateId()) }
            }.statusCode() shouldBe
                409
            shouldThrow<DeleteConflictException> {
                iot.deletePolicy { it.policyName("cp-device-policy") }
            }.statusCode() shouldBe
                409
            iot.detachThingPrincipal { it.thingName("cp-device").principal(keys.certificateArn()) }
            iot.listThingPrincipals { it.thingName("cp-device") }.principals() shouldBe emptyList()
            iot.detachPolicy { it.policyName("cp-device-policy").target(keys.certificateArn()) }
            iot.deleteCertificate { it.certificateId(keys.certificateId()) }
            iot.deletePolicy { it.policyName("cp-device-policy") }
            shouldThrow<ResourceNotFoundException> {
                iot.describeCertificate { it.certificateId(keys.certificateId()) }
            }
            shouldThrow<ResourceNotFoundException> { iot.getPolicy { it.policyName("cp-device-policy") } }
        }

        test("certificates from a CSR (INACTIVE unless setAsActive), policies read back, duplicate policies refused") {
            val pair = KeyPairGenerator.getInstance("EC").apply {
                initialize(ECGenParameterSpec("secp256r1"))
            }.generateKeyPair()
            val csr = JcaPKCS10CertificationRequestBuilder(
                X500Name("CN=cp-csr"),
                pair.public,
            ).build(JcaContentSignerBuilder("SHA256withECDSA").build(pair.private))
            val pem = StringWriter().also { w -> JcaPEMWriter(w).use { it.writeObject(csr) } }.toString()
            val fromCsr = iot.createCertificateFromCsr { it.certificateSigningRequest(pem) }
            iot.describeCertificate { it.certificateId(fromCsr.certificateId()) }.certificateDescription().let {
                it.status() shouldBe CertificateStatus.INACTIVE
                it.certificatePem() shouldBe fromCsr.certificatePem()
                it.ownedBy() shouldBe emu.accountId
            }
            shouldThrow<InvalidRequestException> {
                iot.createCertificateFromCsr { it.certificateSigningRequest("not a csr") }
            }

            val document =
                """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:*","Resource":"*"}]}"""
            iot.createPolicy { it.policyName("cp-policy").policyDocument(document) }.policyArn() shouldBe
                "arn:aws:iot:${emu.region}:${emu.accountId}:policy/cp-policy"
            iot.getPolicy { it.policyName("cp-policy") }.policyDocument() shouldBe document
            shouldThrow<ResourceAlreadyExistsException> {
                iot.createPolicy { it.policyName("cp-policy").policyDocument(document) }
            }
            shouldThrow<IotException> {
                iot.createPolicy { it.policyName("cp-bad").policyDocument("{}") }
            }.awsErrorDetails().errorCode() shouldBe
                "MalformedPolicyException"
            shouldThrow<ResourceNotFoundException> {
                iot.attachPolicy { it.policyName("no-such-policy").target(fromCsr.certificateArn()) }
            }
        }

        test("jobs: create with targets and timeout, describe, list, cancel executions and jobs, delete") {
            listOf("cp-job-a", "cp-job-b").forEach { name -> iot.createThing { it.thingName(name) } }
            val arn = { name: String -> "arn:aws:iot:${emu.region}:${emu.accountId}:thing/$name" }
            iot.createJob {
                it.jobId(
                    "cp-job-1",
                ).targets(arn("cp-job-a"), arn("cp-job-b")).document("""{"op":"reboot"}""").description("reboot")
                    .timeoutConfig { t -> t.inProgressTimeoutInMinutes(5L) }
            }.jobArn() shouldBe "arn:aws:iot:${emu.region}:${emu.accountId}:job/cp-job-1"
            emu.jobExecution("cp-job-a", "cp-job-1")?.status shouldBe "QUEUED"
            iot.describeJob { it.jobId("cp-job-1") }.job().let {
                it.status() shouldBe JobStatus.IN_PROGRESS
                it.description() shouldBe "reboot"
                it.timeoutConfig().inProgressTimeoutInMinutes() shouldBe 5L
                it.jobProcessDetails().numberOfQueuedThings() shouldBe 2
            }
            shouldThrow<ResourceAlreadyExistsException> {
                iot.createJob { it.jobId("cp-job-1").targets(arn("cp-job-a")).document("{}") }
            }
            shouldThrow<ResourceNotFoundException> {
                iot.createJob { it.jobId("cp-job-x").targets(arn("no-such-thing")).document("{}") }
            }
            shouldThrow<InvalidRequestException> {
                iot.createJob { it.jobId("cp-job-y").targets(arn("cp-job-a")).document("[1]") }
            }

            iot.describeJobExecution { it.thingName("cp-job-a").jobId("cp-job-1") }.execution().let {
                it.status() shouldBe JobExecutionStatus.QUEUED
                it.thingArn() shouldBe arn("cp-job-a")
                it.versionNumber() shouldBe 1L
            }
            shouldThrow<VersionConflictException> {
                iot.cancelJobExecution { it.thingName("cp-job-a").jobId("cp-job-1").expectedVersion(7L) }
            }
            iot.cancelJobExecution { it.thingName("cp-job-a").jobId("cp-job-1") }
            iot.listJobExecutionsForThing {
                it.thingName("cp-job-a")
            }.executionSummaries().single().jobExecutionSummary().status() shouldBe
                JobExecutionStatus.CANCELED
            shouldThrow<InvalidStateTransitionException> {
                iot.cancelJobExecution { it.thingName("cp-job-a").jobId("cp-job-1") }
            }.statusCode() shouldBe
                409

            iot.createJob { it.jobId("cp-job-2").targets(arn("cp-job-b")).document("{}") }
            val page1 = iot.listJobs { it.maxResults(1) }
            val page2 = iot.listJobs { it.maxResults(1).nextToken(page1.nextToken()) }
            (page1.jobs() + page2.jobs()).map { it.jobId() } shouldContainExactlyInAnyOrder
                listOf("cp-job-1", "cp-job-2")
            shouldThrow<InvalidStateTransitionException> { iot.deleteJob { it.jobId("cp-job-2") } }
            iot.cancelJob { it.jobId("cp-job-2").comment("not needed") }
            iot.describeJob { it.jobId("cp-job-2") }.job().let {
                it.status() shouldBe JobStatus.CANCELED
                it.comment() shouldBe "not needed"
            }
            iot.listJobs { it.status(JobStatus.CANCELED) }.jobs().map { it.jobId() } shouldContainExactly
                listOf("cp-job-2")
            iot.deleteJob { it.jobId("cp-job-2") }
            shouldThrow<ResourceNotFoundException> { iot.describeJob { it.jobId("cp-job-2") } }
            iot.deleteJob { it.jobId("cp-job-1").force(true) }
            shouldThrow<ResourceNotFoundException> {
                iot.describeJobExecution { it.thingName("cp-job-b").jobId("cp-job-1") }
            }
        }

        test(
            "provisioning templates: create from a template body, describe, list; DescribeEndpoint; unknown " +
                "operations; bad signatures",
        ) {
            val body =
                """{"Parameters":{"SerialNumber":{"Type":"String"}},"Resources":{"thing":{"Type":"AWS::IoT::Thing",""" +
                    """"Properties":{"ThingName":{"Fn::Join":["",["sensor-",{"Ref":"SerialNumber"}]]}}}}}"""
            val role = "arn:aws:iam::${emu.accountId}:role/provisioning"
            iot.createProvisioningTemplate {
                it.templateName("cp-template").templateBody(body).provisioningRoleArn(role).enabled(true)
            }
                .templateArn() shouldBe "arn:aws:iot:${emu.region}:${emu.accountId}:provisioningtemplate/cp-template"
            iot.describeProvisioningTemplate { it.templateName("cp-template") }.let {
                it.templateBody() shouldBe body
                it.enabled() shouldBe true
            }
            iot.listProvisioningTemplates {
                it.maxResults(10)
            }.templates().map { it.templateName() } shouldContainExactly
                listOf("cp-template")
            shouldThrow<ResourceAlreadyExistsException> {
                iot.createProvisioningTemplate {
                    it.templateName("cp-template").templateBody(body).provisioningRoleArn(role)
                }
            }
            shouldThrow<ResourceNotFoundException> { iot.describeProvisioningTemplate { it.templateName("none") } }

            iot.describeEndpoint { it.endpointType("iot:Data-ATS") }.endpointAddress() shouldBe
                "localhost:${emu.port443}"
            iot.describeEndpoint { it.endpointType("iot:CredentialProvider") }.endpointAddress() shouldBe
                "localhost:${emu.port8443}"
            iot.describeEndpoint { it.endpointType("iot:Jobs") }.endpointAddress() shouldBe "localhost:${emu.port443}"

            shouldThrow<IotException> { iot.listThingTypes { } }.let {
                it.statusCode() shouldBe 400
                it.awsErrorDetails().errorCode() shouldBe "UnknownOperationException"
                it.awsErrorDetails().errorMessage() shouldContain "not supported by the iotsdk emulator"
            }
            awsIotClient(emu, secret = "wrong-secret-wrong-secret-wrong-secret-00").use { wrong ->
                shouldThrow<IotException> { wrong.listThings() }.awsErrorDetails().errorCode() shouldBe
                    "InvalidSignatureException"
            }
            awsIotClient(emu, accessKeyId = "AKIAUNKNOWNUNKNOWN00").use { unknown ->
                shouldThrow<IotException> { unknown.listThings() }.awsErrorDetails().errorCode() shouldBe
                    "UnrecognizedClientException"
            }
        }
    })

private fun ssl(caPem: String, certPem: String, key: PrivateKey): MqttClientSslConfig {
    val pw = "pw".toCharArray()
    val ks = KeyStore.getInstance("PKCS12").apply {
        load(null, null)
        setKeyEntry("k", key, pw, arrayOf(Tls.cert(certPem)))
    }
    val kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm()).apply { init(ks, pw) }
    return MqttClientSslConfig.builder().trustManagerFactory(Tls.tmf(caPem)).keyManagerFactory(kmf).build()
}
