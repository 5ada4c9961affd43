package dev.iotsdk.emulator.credentials

import dev.iotsdk.emulator.IotEmulatorExtension
import dev.iotsdk.emulator.controlplane.awsIotClient
import dev.iotsdk.emulator.controlplane.pointedAt
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.collections.shouldNotContain
import io.kotest.matchers.shouldBe
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials
import software.amazon.awssdk.services.cognitoidentity.model.CognitoIdentityException
import software.amazon.awssdk.services.greengrassv2.GreengrassV2Client
import software.amazon.awssdk.services.greengrassv2.model.AssociateClientDeviceWithCoreDeviceEntry
import software.amazon.awssdk.services.greengrassv2.model.GreengrassV2Exception
import software.amazon.awssdk.services.iot.model.AuthorizerStatus
import software.amazon.awssdk.services.iot.model.IotException

/**
 * The control-plane operations issue 21 added (custom authorizers, the everyday reads, identity pools, Greengrass core
 * devices) under issue 20's rule for temporary credentials: each is authorized by the role's IAM policies as its own
 * IAM action (Service Authorization Reference for AWS IoT: `iot:CreateAuthorizer` on `authorizer/<name>`,
 * `iot:ListPolicies` on `*`, …), so a device or app user cannot install a default authorizer that lets anyone in, and
 * a role allowed one read gets that read and no other.
 */
class NewOperationsAuthorizationTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())

        fun role(name: String) = "arn:aws:iam::${emu.accountId}:role/$name"
        fun deviceCredentials(alias: String, roleName: String, thing: String): AwsSessionCredentials {
            emu.createRoleAlias(alias, role(roleName))
            return roleAliasCredentials(emu, alias, thing)
        }
        val lambda = "arn:aws:lambda:${emu.region}:${emu.accountId}:function:anyone"

        test("device credentials cannot make or set an authorizer, list policies, make pools or claim core devices") {
            val creds = deviceCredentials("nop-device", "nop-device", "nop-device-thing")
            awsIotClient(emu, creds).use { attacker ->
                withClue("CreateAuthorizer") {
                    shouldThrow<IotException> {
                        attacker.createAuthorizer {
                            it.authorizerName("backdoor").authorizerFunctionArn(lambda).signingDisabled(true)
                                .status(AuthorizerStatus.ACTIVE)
                        }
                    }.awsErrorDetails().errorCode() shouldBe "AccessDeniedException"
                }
                withClue("SetDefaultAuthorizer") {
                    shouldThrow<IotException> { attacker.setDefaultAuthorizer { it.authorizerName("backdoor") } }
                        .statusCode() shouldBe 403
                }
                withClue("ListAuthorizers") {
                    shouldThrow<IotException> { attacker.listAuthorizers { } }.statusCode() shouldBe 403
                }
                withClue("ListPolicies") {
                    shouldThrow<IotException> { attacker.listPolicies { } }.statusCode() shouldBe 403
                }
            }
            withClue("CreateIdentityPool") {
                cognitoClient(emu, provider(creds)).use { cognito ->
                    shouldThrow<CognitoIdentityException> {
                        cognito.createIdentityPool { it.identityPoolName("evil").allowUnauthenticatedIdentities(true) }
                    }.awsErrorDetails().errorCode() shouldBe "AccessDeniedException"
                }
            }
            withClue("BatchAssociateClientDeviceWithCoreDevice") {
                emu.registerThing("nop-core")
                GreengrassV2Client.builder().pointedAt(emu, creds).use { gg ->
                    shouldThrow<GreengrassV2Exception> {
                        gg.batchAssociateClientDeviceWithCoreDevice { r ->
                            r.coreDeviceThingName("nop-core")
                                .entries(AssociateClientDeviceWithCoreDeviceEntry.builder().thingName("x").build())
                        }
                    }.statusCode() shouldBe 403
                }
            }
            awsIotClient(emu).use { admin ->
                admin.listAuthorizers { }.authorizers().map { it.authorizerName() } shouldNotContain "backdoor"
            }
        }

        test("a role allowed ListPolicies and one authorizer's DescribeAuthorizer gets exactly those") {
            emu.temporaryCredentials.putRolePolicy(
                role("nop-reader"),
                "reader",
                """{"Version":"2012-10-17","Statement":[
                  {"Effect":"Allow","Action":"iot:ListPolicies","Resource":"*"},
                  {"Effect":"Allow","Action":"iot:DescribeAuthorizer",
                   "Resource":"arn:aws:iot:${emu.region}:${emu.accountId}:authorizer/visible"}]}""",
            )
            awsIotClient(emu).use { admin ->
                admin.createPolicy {
                    it.policyName("nop-listed")
                        .policyDocument("""{"Statement":[{"Effect":"Allow","Action":"iot:Connect","Resource":"*"}]}""")
                }
                for (name in listOf("visible", "hidden")) {
                    admin.createAuthorizer {
                        it.authorizerName(name).authorizerFunctionArn(lambda).signingDisabled(true)
                    }
                }
            }
            val creds = deviceCredentials("nop-reader", "nop-reader", "nop-reader-thing")
            awsIotClient(emu, creds).use { reader ->
                reader.listPolicies { }.policies().map { it.policyName() } shouldContain "nop-listed"
                reader.describeAuthorizer {
                    it.authorizerName("visible")
                }.authorizerDescription().authorizerName() shouldBe
                    "visible"
                shouldThrow<IotException> { reader.describeAuthorizer { it.authorizerName("hidden") } }
                    .statusCode() shouldBe 403
                shouldThrow<IotException> { reader.listCertificates { } }.statusCode() shouldBe 403
            }
        }
    })
