package dev.iotsdk.auth.credentials

import dev.iotsdk.auth.CredentialsException
import dev.iotsdk.auth.EnvironmentCredentialsProvider
import dev.iotsdk.auth.ProfileCredentialsProvider
import dev.iotsdk.auth.internal.DefaultChain
import dev.iotsdk.emulator.IotEmulatorExtension
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.string.shouldStartWith
import io.kotest.matchers.types.shouldBeInstanceOf
import java.nio.file.Files
import java.nio.file.Path

/** The default chain picks the temporary-credentials providers up only when settings name them. */
private const val ZERO_POOL_GUID = "00000000-0000-0000-0000-000000000000"

class DefaultChainTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())
        val home: Path = Files.createTempDirectory("default-chain-home")

        afterSpec { home.toFile().deleteRecursively() }

        /** An environment holding [vars] and a HOME with no `.aws` files unless a test writes them. */
        fun env(vars: Map<String, String>): (String) -> String? = { name ->
            vars[name]
                ?: if (name == "HOME") home.toString() else null
        }

        test("not configured: the chain is the environment and the profile only, and fails as before") {
            val chain = DefaultChain(env(mapOf("AWS_IOT_THING_NAME" to "set-by-greengrass")))
            val members = chain.members()
            members shouldHaveSize 2
            members[0].shouldBeInstanceOf<EnvironmentCredentialsProvider>()
            members[1].shouldBeInstanceOf<ProfileCredentialsProvider>()
            val e = shouldThrow<CredentialsException> { chain.resolve() }
            e.message shouldContain "tried 2 provider(s)"
        }

        test("static keys in the environment still win when a role alias is configured") {
            val chain = DefaultChain(
                env(
                    mapOf(
                        "AWS_ACCESS_KEY_ID" to "AKIDSTATIC",
                        "AWS_SECRET_ACCESS_KEY" to "s",
                        "AWS_IOT_ROLE_ALIAS" to "r",
                    ),
                ),
            )
            chain.members() shouldHaveSize 3
            chain.resolve().accessKeyId shouldBe "AKIDSTATIC"
        }

        test(
            "configured from the environment: the IoT credentials provider joins the chain and gets credentials " +
                "from the emulator",
        ) {
            emulator.createRoleAlias("chain-role", "arn:aws:iam::${emulator.accountId}:role/chain")
            val device = emulator.registerThing("chain-device")
            val cert = Files.writeString(home.resolve("chain-device.pem.crt"), device.certificatePem)
            val key = Files.writeString(home.resolve("chain-device.private.key"), device.privateKeyPem)
            val chain = DefaultChain(
                env(
                    mapOf(
                        "AWS_IOT_CREDENTIALS_ENDPOINT" to "${emulator.endpoint}:${emulator.port8443}",
                        "AWS_IOT_ROLE_ALIAS" to "chain-role",
                        "AWS_IOT_THING_NAME" to "chain-device",
                        "AWS_IOT_CERTIFICATE_FILE" to cert.toString(),
                        "AWS_IOT_PRIVATE_KEY_FILE" to "~/chain-device.private.key",
                        "AWS_CA_BUNDLE" to emulator.caPath.toString(),
                    ),
                ),
            )
            val members = chain.members()
            members shouldHaveSize 3
            members[2].toString() shouldStartWith "IotCredentialsProvider"
            val credentials = chain.resolve()
            credentials.accessKeyId shouldStartWith "ASIA"
            chain.resolve() shouldBe credentials
        }

        test("configured from the config file: Cognito joins the chain; environment variables win over the file") {
            val pool = emulator.createIdentityPool("chain-guests", allowUnauthenticated = true)
            val config = home.resolve("config-cognito")
            Files.writeString(
                config,
                """
            [profile app]
            cognito_identity_pool_id = $pool
            ca_bundle = ${emulator.caPath}
            iot_role_alias =
                """.trimIndent(),
            )
            val vars = mapOf(
                "AWS_CONFIG_FILE" to config.toString(),
                "AWS_PROFILE" to "app",
                "AWS_ENDPOINT_URL_COGNITO_IDENTITY" to "https://localhost:${emulator.port443}",
            )
            val chain = DefaultChain(env(vars))
            chain.members().map { it.toString().substringBefore('(') } shouldBe
                listOf("EnvironmentCredentialsProvider", "ProfileCredentialsProvider", "CognitoCredentialsProvider")
            chain.resolve().accessKeyId shouldStartWith "ASIA"

            val overridden = DefaultChain(
                env(
                    vars + ("AWS_COGNITO_IDENTITY_POOL_ID" to "${emulator.region}:$ZERO_POOL_GUID"),
                ),
            )
            shouldThrow<CredentialsException> { overridden.resolve() }.message shouldContain "ResourceNotFoundException"
        }

        test("configured but incomplete: that member fails naming the missing settings, the others are still asked") {
            val chain =
                DefaultChain(env(mapOf("AWS_IOT_ROLE_ALIAS" to "r", "AWS_IOT_CREDENTIALS_ENDPOINT" to "localhost:1")))
            val e = shouldThrow<CredentialsException> { chain.resolve() }
            e.message shouldContain "tried 3 provider(s)"
            e.message shouldContain "AWS_IOT_CERTIFICATE_FILE (or iot_certificate_file)"
            e.message shouldContain "AWS_IOT_PRIVATE_KEY_FILE"
            e.message shouldNotContain "AWS_IOT_ROLE_ALIAS (or"

            val missingFile = DefaultChain(
                env(
                    mapOf(
                        "AWS_IOT_ROLE_ALIAS" to "r",
                        "AWS_IOT_CREDENTIALS_ENDPOINT" to "localhost:1",
                        "AWS_IOT_CERTIFICATE_FILE" to "/nonexistent/cert.pem",
                        "AWS_IOT_PRIVATE_KEY_FILE" to "/nonexistent/key.pem",
                    ),
                ),
            )
            shouldThrow<CredentialsException> { missingFile.resolve() }.message shouldContain "/nonexistent/cert.pem"
        }
    })
