package dev.iotsdk.emulator.controlplane

import dev.iotsdk.emulator.IotEmulatorExtension
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import software.amazon.awssdk.services.iot.model.CertificateStatus
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException

/**
 * The policy, certificate and principal reads of the AWS CLI's everyday recipes ("Create an AWS IoT policy", "attach
 * a certificate", "list what is attached":
 * https://docs.aws.amazon.com/iot/latest/developerguide/create-iot-resources.html),
 * sent by the AWS SDK for Java v2 `IotClient`, which marshals each from AWS's own service model (issue 21 item 9).
 * They answered UnknownOperationException before.
 */
class EverydayReadsTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())
        val iot by lazy { awsIotClient(emu) }
        afterSpec { iot.close() }

        test("ListPolicies, ListAttachedPolicies, ListTargetsForPolicy, ListPolicyVersions, GetPolicyVersion") {
            val doc = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:*","Resource":"*"}]}"""
            iot.createPolicy { it.policyName("reads-a").policyDocument(doc) }
            iot.createPolicy { it.policyName("reads-b").policyDocument(doc) }
            val cert = iot.createKeysAndCertificate { it.setAsActive(true) }
            iot.attachPolicy { it.policyName("reads-a").target(cert.certificateArn()) }

            iot.listPolicies { }.policies().map { it.policyName() } shouldContain "reads-b"
            val firstPage = iot.listPolicies { it.pageSize(1) }
            firstPage.policies().size shouldBe 1
            iot.listPolicies { it.pageSize(1).marker(firstPage.nextMarker()) }.policies().single().policyName() shouldBe
                iot.listPolicies { }.policies()[1].policyName()

            iot.listAttachedPolicies { it.target(cert.certificateArn()) }.policies().map { it.policyName() } shouldBe
                listOf("reads-a")
            iot.listAttachedPolicies { it.target(cert.certificateArn()) }.policies().single().policyArn() shouldBe
                "arn:aws:iot:${emu.region}:${emu.accountId}:policy/reads-a"
            iot.listTargetsForPolicy { it.policyName("reads-a") }.targets() shouldContainExactly
                listOf(cert.certificateArn())
            iot.listTargetsForPolicy { it.policyName("reads-b") }.targets() shouldBe emptyList()

            iot.listPolicyVersions { it.policyName("reads-a") }.policyVersions().single().let {
                it.versionId() shouldBe "1"
                it.isDefaultVersion shouldBe true
            }
            iot.getPolicyVersion { it.policyName("reads-a").policyVersionId("1") }.policyDocument() shouldBe doc
            shouldThrow<ResourceNotFoundException> { iot.listTargetsForPolicy { it.policyName("none") } }
            shouldThrow<ResourceNotFoundException> {
                iot.getPolicyVersion { it.policyName("reads-a").policyVersionId("2") }
            }
        }

        test("ListCertificates and ListPrincipalThings") {
            val cert = iot.createKeysAndCertificate { it.setAsActive(false) }
            iot.createThing { it.thingName("reads-thing") }
            iot.attachThingPrincipal { it.thingName("reads-thing").principal(cert.certificateArn()) }
            val listed = iot.listCertificates { }.certificates().single { it.certificateId() == cert.certificateId() }
            listed.certificateArn() shouldBe cert.certificateArn()
            listed.status() shouldBe CertificateStatus.INACTIVE
            iot.listPrincipalThings { it.principal(cert.certificateArn()) }.things() shouldBe listOf("reads-thing")
        }
    })
