package dev.iotsdk.emulator.credentials

import dev.iotsdk.emulator.IotEmulatorExtension
import dev.iotsdk.emulator.controlplane.pointedAt
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldStartWith
import software.amazon.awssdk.services.cognitoidentity.CognitoIdentityClient
import software.amazon.awssdk.services.cognitoidentity.model.InvalidParameterException
import software.amazon.awssdk.services.cognitoidentity.model.ResourceNotFoundException

/**
 * Identity pools made from outside the JVM, as `aws cognito-identity create-identity-pool` makes them (AWS SDK for
 * Java v2 `CognitoIdentityClient`, SigV4 with the emulator's developer credentials), then used by an app: GetId and
 * GetCredentialsForIdentity. Source: the Cognito Identity API Reference, CreateIdentityPool / DescribeIdentityPool /
 * ListIdentityPools / DeleteIdentityPool (issue 21 item 9: CreateIdentityPool answered UnknownOperationException).
 */
class CognitoPoolAdminTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())
        val cognito: CognitoIdentityClient by lazy { CognitoIdentityClient.builder().pointedAt(emu) }
        afterSpec { cognito.close() }

        test("CreateIdentityPool, Describe, List, then guests get credentials; Delete removes it") {
            val created = cognito.createIdentityPool {
                it.identityPoolName("cli pool").allowUnauthenticatedIdentities(true)
                    .developerProviderName("login.example")
            }
            created.identityPoolId() shouldStartWith "${emu.region}:"
            created.identityPoolName() shouldBe "cli pool"
            created.allowUnauthenticatedIdentities() shouldBe true
            created.developerProviderName() shouldBe "login.example"
            val id = created.identityPoolId()
            cognito.describeIdentityPool { it.identityPoolId(id) }.identityPoolName() shouldBe "cli pool"
            cognito.listIdentityPools { it.maxResults(60) }.identityPools().map { it.identityPoolId() } shouldContain id

            val identity = cognito.getId { it.identityPoolId(id) }.identityId()
            cognito.getCredentialsForIdentity { it.identityId(identity) }.credentials().accessKeyId() shouldStartWith
                "ASIA"

            cognito.deleteIdentityPool { it.identityPoolId(id) }
            shouldThrow<ResourceNotFoundException> { cognito.describeIdentityPool { it.identityPoolId(id) } }
        }

        test("a missing AllowUnauthenticatedIdentities is InvalidParameterException") {
            shouldThrow<InvalidParameterException> { cognito.createIdentityPool { it.identityPoolName("no-flag") } }
        }
    })
