package dev.iotsdk.emulator.controlplane

import dev.iotsdk.emulator.CertificateStatus
import dev.iotsdk.emulator.DeviceIdentity
import dev.iotsdk.emulator.IotEmulatorExtension
import dev.iotsdk.emulator.Tls
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldStartWith
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import software.amazon.awssdk.services.iot.model.InvalidRequestException
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import java.time.Instant
import javax.net.ssl.SSLHandshakeException

/**
 * Role aliases over the control plane with the AWS SDK for Java v2 `IotClient`, then the credentials endpoint for them.
 */
class RoleAliasApiTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())
        val iot by lazy { awsIotClient(emu) }

        afterSpec { iot.close() }

        /**
         * `GET https://localhost:<8443>/role-aliases/<alias>/credentials` with [device]'s certificate: status, headers,
         * body.
         */
        fun credentials(
            device: DeviceIdentity,
            alias: String,
            thingName: String? = device.thingName,
        ): HttpResponse<String> {
            val client = HttpClient.newBuilder()
                .sslContext(Tls.context(emu.caCertificatePem, device.certificatePem to device.privateKeyPem))
                .connectTimeout(Duration.ofSeconds(10))
                .build()
            val request = HttpRequest.newBuilder(
                URI("https://localhost:${emu.port8443}/role-aliases/$alias/credentials"),
            ).GET()
            if (thingName != null) request.header("x-amzn-iot-thingname", thingName)
            return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString())
        }

        fun message(response: HttpResponse<String>): String =
            Json.parseToJsonElement(response.body()).jsonObject.getValue("message").jsonPrimitive.content

        test(
            "create, describe, list with pages, update and delete role aliases; the credentials endpoint follows them",
        ) {
            val roleArn = "arn:aws:iam::${emu.accountId}:role/cp-device"
            val created = iot.createRoleAlias {
                it.roleAlias("cp-alias-b").roleArn(roleArn).credentialDurationSeconds(1800)
            }
            created.roleAlias() shouldBe "cp-alias-b"
            created.roleAliasArn() shouldBe "arn:aws:iot:${emu.region}:${emu.accountId}:rolealias/cp-alias-b"
            iot.createRoleAlias { it.roleAlias("cp-alias-a").roleArn(roleArn) }
            iot.createRoleAlias { it.roleAlias("cp-alias-c").roleArn(roleArn) }
            shouldThrow<ResourceAlreadyExistsException> {
                iot.createRoleAlias { it.roleAlias("cp-alias-a").roleArn(roleArn) }
            }.statusCode() shouldBe
                409

            val described = iot.describeRoleAlias { it.roleAlias("cp-alias-b") }.roleAliasDescription()
            described.roleArn() shouldBe roleArn
            described.owner() shouldBe emu.accountId
            described.credentialDurationSeconds() shouldBe 1800
            described.roleAliasArn() shouldBe created.roleAliasArn()
            (Duration.between(described.creationDate(), Instant.now()).abs() < Duration.ofMinutes(1)) shouldBe true
            iot.describeRoleAlias {
                it.roleAlias("cp-alias-a")
            }.roleAliasDescription().credentialDurationSeconds() shouldBe
                3600

            val first = iot.listRoleAliases { it.pageSize(2).ascendingOrder(true) }
            first.roleAliases() shouldContainExactly listOf("cp-alias-a", "cp-alias-b")
            iot.listRoleAliases {
                it.pageSize(2).ascendingOrder(true).marker(first.nextMarker())
            }.roleAliases() shouldContainExactly
                listOf("cp-alias-c")
            iot.listRoleAliasesPaginator { it.pageSize(1) }.roleAliases().toList() shouldContainExactly
                listOf("cp-alias-c", "cp-alias-b", "cp-alias-a")

            val device = emu.registerThing("cp-alias-device")
            val answer = credentials(device, "cp-alias-b")
            answer.statusCode() shouldBe 200
            val c = Json.parseToJsonElement(answer.body()).jsonObject.getValue("credentials").jsonObject
            c.keys shouldBe setOf("accessKeyId", "secretAccessKey", "sessionToken", "expiration")
            c.getValue("accessKeyId").jsonPrimitive.content shouldStartWith "ASIA"
            val expiresIn = Duration.between(
                Instant.now(),
                Instant.parse(c.getValue("expiration").jsonPrimitive.content),
            ).seconds
            (expiresIn in 1700..1800) shouldBe true

            iot.updateRoleAlias { it.roleAlias("cp-alias-b").credentialDurationSeconds(900) }.roleAliasArn() shouldBe
                created.roleAliasArn()
            iot.describeRoleAlias { it.roleAlias("cp-alias-b") }.roleAliasDescription().let {
                it.credentialDurationSeconds() shouldBe 900
                it.roleArn() shouldBe roleArn
                it.lastModifiedDate().isBefore(it.creationDate()) shouldBe false
            }
            val shorter = Json.parseToJsonElement(
                credentials(device, "cp-alias-b").body(),
            ).jsonObject.getValue("credentials").jsonObject
            (
                Duration.between(
                    Instant.now(),
                    Instant.parse(shorter.getValue("expiration").jsonPrimitive.content),
                ).seconds in
                    800..900
                ) shouldBe
                true

            iot.deleteRoleAlias { it.roleAlias("cp-alias-b") }
            shouldThrow<ResourceNotFoundException> {
                iot.describeRoleAlias { it.roleAlias("cp-alias-b") }
            }.statusCode() shouldBe
                404
            shouldThrow<ResourceNotFoundException> { iot.deleteRoleAlias { it.roleAlias("cp-alias-b") } }
            shouldThrow<ResourceNotFoundException> {
                iot.updateRoleAlias { it.roleAlias("cp-alias-b").credentialDurationSeconds(900) }
            }
            credentials(device, "cp-alias-b").let {
                it.statusCode() shouldBe 404
                message(it) shouldBe "Role alias does not exist"
            }
        }

        test("the model's constraints are checked: duration 900..43200, role ARN length, alias pattern") {
            val roleArn = "arn:aws:iam::${emu.accountId}:role/cp-device"
            shouldThrow<InvalidRequestException> {
                iot.createRoleAlias { it.roleAlias("cp-short").roleArn(roleArn).credentialDurationSeconds(899) }
            }.statusCode() shouldBe 400
            shouldThrow<InvalidRequestException> { iot.createRoleAlias { it.roleAlias("cp-arn").roleArn("arn:short") } }
            shouldThrow<InvalidRequestException> { iot.createRoleAlias { it.roleAlias("bad alias!").roleArn(roleArn) } }
            shouldThrow<InvalidRequestException> { iot.listRoleAliases { it.pageSize(251) } }
        }

        test(
            "the credentials endpoint answers AWS's error shapes: thing name, policy, role; an inactive " +
                "certificate is refused",
        ) {
            val roleArn = "arn:aws:iam::${emu.accountId}:role/cp-device"
            iot.createRoleAlias { it.roleAlias("cp-errors").roleArn(roleArn) }
            val device = emu.registerThing("cp-errors-device")
            credentials(device, "cp-errors", thingName = "someone-else").let {
                it.statusCode() shouldBe 403
                message(it) shouldBe "Invalid thing name passed"
                it.headers().firstValue("x-amzn-RequestId").isPresent shouldBe true
            }
            credentials(device, "cp-errors", thingName = null).statusCode() shouldBe 200

            val bound = emu.registerThing("cp-errors-bound")
            emu.createPolicy(
                "cp-connect-only",
                """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:Connect","Resource":"*"}]}""",
            )
            emu.attachPolicy("cp-connect-only", bound.certificateId)
            credentials(bound, "cp-errors").let {
                it.statusCode() shouldBe 403
                message(it) shouldBe "Access Denied"
                it.headers().firstValue("x-amzn-ErrorType").orElse(null) shouldBe "AccessDeniedException"
            }

            iot.createRoleAlias { it.roleAlias("cp-no-role").roleArn("arn:aws:s3:::not-a-role-at-all") }
            credentials(device, "cp-no-role").let {
                it.statusCode() shouldBe 400
                message(it) shouldBe "Unable to assume the role, or the role to assume does not exist"
            }

            // an inactive certificate does not get past the 8443 listener's TLS handshake
            emu.setCertificateStatus(device.certificateId, CertificateStatus.INACTIVE)
            shouldThrow<SSLHandshakeException> { credentials(device, "cp-errors") }
        }
    })
