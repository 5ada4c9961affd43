package dev.iotsdk.emulator.credentials

import dev.iotsdk.emulator.IotEmulatorExtension
import dev.iotsdk.emulator.Tls
import dev.iotsdk.emulator.controlplane.awsIotClient
import dev.iotsdk.emulator.mqtt5
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider
import software.amazon.awssdk.http.apache.ApacheHttpClient
import software.amazon.awssdk.regions.Region
import software.amazon.awssdk.services.cognitoidentity.CognitoIdentityClient
import software.amazon.awssdk.services.iot.IotClient
import software.amazon.awssdk.services.iot.model.IotException
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import software.amazon.awssdk.services.iot.model.CertificateStatus as AwsCertificateStatus

/**
 * Issue 20 item 4, in part. Temporary credentials carry the permissions of their role (IAM User Guide, "Temporary
 * security credentials"; AWS IoT DG "Authorizing direct calls to AWS services using AWS IoT Core credential
 * provider"; Cognito "IAM roles"), and AWS refuses expired credentials on every endpoint. The emulator's roles carry no
 * IAM policy yet, so device and app-user credentials get no control-plane action at all; the administrator's
 * long-term credentials keep every one.
 */
class TemporaryCredentialsTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())

        fun iot(credentials: AwsSessionCredentials): IotClient = IotClient.builder()
            .region(Region.of(emu.region))
            .credentialsProvider(StaticCredentialsProvider.create(credentials))
            .endpointOverride(URI("https://localhost:${emu.port443}"))
            .httpClient(
                ApacheHttpClient.builder().tlsTrustManagersProvider {
                    Tls.tmf(emu.caCertificatePem).trustManagers
                }.build(),
            )
            .build()

        fun guestCredentials(): AwsSessionCredentials {
            val pool = emu.createIdentityPool("temp-guests", allowUnauthenticated = true)
            return CognitoIdentityClient.builder().region(Region.of(emu.region))
                .endpointOverride(URI("https://localhost:${emu.port443}"))
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClient(
                    ApacheHttpClient.builder().tlsTrustManagersProvider {
                        Tls.tmf(emu.caCertificatePem).trustManagers
                    }.build(),
                )
                .build().use { cognito ->
                    val id = cognito.getId { it.identityPoolId(pool) }.identityId()
                    val c = cognito.getCredentialsForIdentity { it.identityId(id) }.credentials()
                    AwsSessionCredentials.create(c.accessKeyId(), c.secretKey(), c.sessionToken())
                }
        }

        fun deviceCredentials(): AwsSessionCredentials {
            emu.createRoleAlias("temp-device-role", "arn:aws:iam::${emu.accountId}:role/device")
            val device = emu.registerThing("temp-device")
            val http = HttpClient.newBuilder()
                .sslContext(Tls.context(emu.caCertificatePem, device.certificatePem to device.privateKeyPem)).build()
            val body = http.send(
                HttpRequest.newBuilder(
                    URI("https://localhost:${emu.port8443}/role-aliases/temp-device-role/credentials"),
                )
                    .header("x-amzn-iot-thingname", "temp-device").GET().build(),
                HttpResponse.BodyHandlers.ofString(),
            ).body()
            val c = Json.parseToJsonElement(body).jsonObject["credentials"]!!.jsonObject
            fun s(k: String) = c[k]!!.jsonPrimitive.content
            return AwsSessionCredentials.create(s("accessKeyId"), s("secretAccessKey"), s("sessionToken"))
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
                iot(credentials).use { attacker ->
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
            iot(credentials).use { expired ->
                shouldThrow<IotException> { expired.listThings() }.statusCode() shouldBe 403
            }
            awsIotClient(emu).use { admin -> admin.listThings().things() }
        }
    })
