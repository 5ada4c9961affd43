package dev.iotsdk.emulator.credentials

import dev.iotsdk.emulator.IotEmulator
import dev.iotsdk.emulator.IotEmulatorExtension
import dev.iotsdk.emulator.Tls
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldStartWith
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider
import software.amazon.awssdk.http.apache.ApacheHttpClient
import software.amazon.awssdk.regions.Region
import software.amazon.awssdk.services.cognitoidentity.CognitoIdentityClient
import software.amazon.awssdk.services.cognitoidentity.model.CognitoIdentityException
import java.net.URI

private fun cognito(emulator: IotEmulator, credentials: AwsCredentialsProvider): CognitoIdentityClient =
    CognitoIdentityClient.builder()
        .region(Region.of(emulator.region))
        .endpointOverride(URI("https://localhost:${emulator.port443}"))
        .credentialsProvider(credentials)
        .httpClient(
            ApacheHttpClient.builder().tlsTrustManagersProvider { Tls.tmf(emulator.caCertificatePem).trustManagers }
                .build(),
        )
        .build()

/**
 * Issue 20 item 5. AWS's rule (Cognito API Reference, GetOpenIdTokenForDeveloperIdentity): "For this operation, you
 * must use IAM credentials to authorize requests, and you must grant yourself the corresponding IAM permission in a
 * policy." Nobody may mint a token for a developer user without the developer's SigV4 credentials.
 */
class CognitoDeveloperAuthTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())

        test(
            "GetOpenIdTokenForDeveloperIdentity refuses unsigned, forged and app-user callers; the developer is served",
        ) {
            val pool = emulator.createIdentityPool("dev-auth", allowUnauthenticated = true, "login.example")
            fun mint(client: CognitoIdentityClient) = client.getOpenIdTokenForDeveloperIdentity {
                it.identityPoolId(pool).logins(mapOf("login.example" to "mallory-wants-alice"))
            }
            cognito(emulator, AnonymousCredentialsProvider.create()).use { anonymous ->
                shouldThrow<CognitoIdentityException> { mint(anonymous) }.awsErrorDetails().errorCode() shouldBe
                    "MissingAuthenticationTokenException"
                // guests go on getting credentials unsigned while the attack runs
                val guest = anonymous.getId { it.identityPoolId(pool) }.identityId()
                val guestCredentials = anonymous.getCredentialsForIdentity { it.identityId(guest) }.credentials()
                val asGuest = StaticCredentialsProvider.create(
                    AwsSessionCredentials.create(
                        guestCredentials.accessKeyId(),
                        guestCredentials.secretKey(),
                        guestCredentials.sessionToken(),
                    ),
                )
                cognito(emulator, asGuest).use { app ->
                    shouldThrow<CognitoIdentityException> { mint(app) }.awsErrorDetails().errorCode() shouldBe
                        "AccessDeniedException"
                }
            }
            val forged = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(emulator.credentials.accessKeyId, "not-the-secret"),
            )
            cognito(emulator, forged).use { attacker ->
                shouldThrow<CognitoIdentityException> { mint(attacker) }.awsErrorDetails().errorCode() shouldBe
                    "InvalidSignatureException"
            }
            val developer = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(emulator.credentials.accessKeyId, emulator.credentials.secretAccessKey),
            )
            cognito(emulator, developer).use { backend ->
                val minted = mint(backend)
                minted.identityId() shouldStartWith "${emulator.region}:"
                val logins = mapOf("cognito-identity.amazonaws.com" to minted.token())
                backend.getId { it.identityPoolId(pool).logins(logins) }.identityId() shouldBe minted.identityId()
            }
        }
    })
