package dev.iotsdk.emulator.credentials

import dev.iotsdk.emulator.IotEmulatorExtension
import dev.iotsdk.emulator.controlplane.awsIotClient
import dev.iotsdk.emulator.mqtt5
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials
import software.amazon.awssdk.services.iot.model.IotException
import software.amazon.awssdk.services.iot.model.CertificateStatus as AwsCertificateStatus

/**
 * Issue 20 item 4. Temporary credentials carry the permissions of their role (IAM User Guide, "Temporary security
 * credentials"; AWS IoT DG "Authorizing direct calls to AWS services using AWS IoT Core credential provider"; Cognito
 * "IAM roles"), and AWS refuses expired credentials on every endpoint. Roles with no policy get the default role
 * policy, which grants no control-plane action, so device and app-user credentials cannot administer the account; the
 * administrator's long-term credentials keep every action. [RolePermissionsTest] covers roles with policies.
 */
class TemporaryCredentialsTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())

        fun guestCredentials() =
            guestCredentials(emu, emu.createIdentityPool("temp-guests", allowUnauthenticated = true))

        fun deviceCredentials(): AwsSessionCredentials {
            emu.createRoleAlias("temp-device-role", "arn:aws:iam::${emu.accountId}:role/device")
            return roleAliasCredentials(emu, "temp-device-role", "temp-device")
        }

        test(
            "device and app-user credentials cannot create or attach policies or revoke another device's certificate",
        ) {
            val victimDevice = emu.registerThing("temp-victim")
            val victim = mqtt5(emu, "temp-victim", victimDevice).also { it.connect() }
            for ((who, credentials) in listOf(
                "Cognito guest" to guestCredentials(),
                "role alias" to deviceCredentials(),
            )) {
                awsIotClient(emu, credentials).use { attacker ->
                    withClue("$who: CreatePolicy") {
                        shouldThrow<IotException> {
                            attacker.createPolicy {
                                it.policyName(
                                    "temp-evil",
                                ).policyDocument(
                                    """{"Statement":[{"Effect":"Allow","Action":"iot:*","Resource":"*"}]}""",
                                )
                            }
                        }.statusCode() shouldBe 403
                    }
                    withClue("$who: AttachPolicy") {
                        shouldThrow<IotException> {
                            attacker.attachPolicy { it.policyName("anything").target(victimDevice.certificateId) }
                        }.awsErrorDetails().errorCode() shouldBe "AccessDeniedException"
                    }
                    withClue("$who: UpdateCertificate") {
                        shouldThrow<IotException> {
                            attacker.updateCertificate {
                                it.certificateId(victimDevice.certificateId).newStatus(AwsCertificateStatus.REVOKED)
                            }
                        }.statusCode() shouldBe 403
                    }
                }
            }
            // the victim is untouched and still served; the administrator keeps every permission
            awsIotClient(emu).use { admin ->
                admin.describeCertificate { it.certificateId(victimDevice.certificateId) }
                    .certificateDescription().status() shouldBe AwsCertificateStatus.ACTIVE
                admin.createPolicy {
                    it.policyName(
                        "temp-admin-made",
                    ).policyDocument("""{"Statement":[{"Effect":"Allow","Action":"iot:Connect","Resource":"*"}]}""")
                }
            }
            emu.connectedClients().contains("temp-victim") shouldBe true
            victim.disconnect()
        }

        test("expired temporary credentials are refused on the control plane too") {
            val credentials = guestCredentials()
            emu.expireIssuedCredentials()
            awsIotClient(emu, credentials).use { expired ->
                shouldThrow<IotException> { expired.listThings() }.statusCode() shouldBe 403
            }
            awsIotClient(emu).use { admin -> admin.listThings().things() }
        }
    })
