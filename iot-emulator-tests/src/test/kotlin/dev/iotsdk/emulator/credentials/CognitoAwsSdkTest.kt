package dev.iotsdk.emulator.credentials

import dev.iotsdk.emulator.IotEmulatorExtension
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldStartWith
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider
import software.amazon.awssdk.http.apache.ApacheHttpClient
import software.amazon.awssdk.regions.Region
import software.amazon.awssdk.services.cognitoidentity.CognitoIdentityClient
import software.amazon.awssdk.services.cognitoidentity.model.InvalidParameterException
import software.amazon.awssdk.services.cognitoidentity.model.NotAuthorizedException
import software.amazon.awssdk.services.cognitoidentity.model.ResourceNotFoundException
import software.amazon.awssdk.services.cognitoidentity.model.TooManyRequestsException
import java.net.URI
import java.security.KeyStore
import java.security.cert.CertificateFactory
import java.time.Instant
import javax.net.ssl.TrustManagerFactory

/** Drives the emulator's Cognito identity-pool endpoint with the AWS SDK for Java v2, proving the wire shapes. */
class CognitoAwsSdkTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())

        fun client(): CognitoIdentityClient {
            val ca = CertificateFactory.getInstance(
                "X.509",
            ).generateCertificate(emulator.caCertificatePem.byteInputStream())
            val store = KeyStore.getInstance(KeyStore.getDefaultType()).apply {
                load(null, null)
                setCertificateEntry("emulator", ca)
            }
            val tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm()).apply { init(store) }
            return CognitoIdentityClient.builder()
                .region(Region.of(emulator.region))
                .endpointOverride(URI("https://localhost:${emulator.port443}"))
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClient(ApacheHttpClient.builder().tlsTrustManagersProvider { tmf.trustManagers }.build())
                .build()
        }

        test("GetId and GetCredentialsForIdentity: guest and developer-authenticated identities") {
            client().use { cognito ->
                val pool = emulator.createIdentityPool(
                    "sdk",
                    allowUnauthenticated = true,
                    developerProviderName = "login.example",
                )
                val id = cognito.getId { it.identityPoolId(pool) }.identityId()
                id shouldStartWith "${emulator.region}:"
                val creds = cognito.getCredentialsForIdentity { it.identityId(id) }
                creds.identityId() shouldBe id
                creds.credentials().accessKeyId() shouldStartWith "ASIA"
                creds.credentials().secretKey().length shouldBe 40
                creds.credentials().expiration().isAfter(Instant.now().plusSeconds(3500)) shouldBe true

                val dev = emulator.developerIdentityToken(pool, "alice")
                val logins = mapOf("cognito-identity.amazonaws.com" to dev.token)
                cognito.getId { it.identityPoolId(pool).logins(logins) }.identityId() shouldBe dev.identityId
                cognito.getCredentialsForIdentity {
                    it.identityId(dev.identityId).logins(logins)
                }.credentials().sessionToken().isNotEmpty() shouldBe
                    true
                shouldThrow<NotAuthorizedException> {
                    cognito.getCredentialsForIdentity { it.identityId(dev.identityId) }
                }
            }
        }

        test(
            "errors carry the model's codes and HTTP statuses: unknown pool 404, guests refused 403, throttled " +
                "429, bad input 400",
        ) {
            client().use { cognito ->
                val e = shouldThrow<ResourceNotFoundException> {
                    cognito.getId { it.identityPoolId("${emulator.region}:00000000-0000-0000-0000-000000000000") }
                }
                e.awsErrorDetails().errorCode() shouldBe "ResourceNotFoundException"
                e.statusCode() shouldBe 404
                val closed = emulator.createIdentityPool("closed", allowUnauthenticated = false)
                val refused = shouldThrow<NotAuthorizedException> { cognito.getId { it.identityPoolId(closed) } }
                refused.awsErrorDetails().errorMessage() shouldBe
                    "Unauthenticated access is not supported for this identity pool."
                refused.statusCode() shouldBe 403
                emulator.throttleCredentialRequests(1)
                val open = emulator.createIdentityPool("busy", allowUnauthenticated = true)
                // the SDK retries throttling by itself; its next attempt succeeds
                cognito.getId { it.identityPoolId(open) }.identityId() shouldStartWith "${emulator.region}:"
                emulator.throttleCredentialRequests(10)
                val throttled = shouldThrow<TooManyRequestsException> { cognito.getId { it.identityPoolId(open) } }
                throttled.statusCode() shouldBe 429
                emulator.throttleCredentialRequests(0)
                shouldThrow<InvalidParameterException> {
                    cognito.getId { it.identityPoolId("not a pool id") }
                }.statusCode() shouldBe
                    400
            }
        }
    })
