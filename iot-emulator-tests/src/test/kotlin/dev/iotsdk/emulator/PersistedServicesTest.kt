package dev.iotsdk.emulator

import com.hivemq.client.mqtt.MqttGlobalPublishFilter
import com.hivemq.client.mqtt.datatypes.MqttQos
import dev.iotsdk.emulator.controlplane.awsDataPlaneClient
import dev.iotsdk.emulator.controlplane.awsIotClient
import dev.iotsdk.emulator.credentials.adminCredentials
import dev.iotsdk.emulator.credentials.cognitoClient
import dev.iotsdk.emulator.credentials.iam
import dev.iotsdk.emulator.greengrass.EmulatedConnectivity
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.long
import software.amazon.awssdk.services.iot.model.AuthorizerStatus
import software.amazon.awssdk.services.iot.model.JobExecutionStatus
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * Issue 21 item 10: with a data directory, every service's state survives a restart of the emulator (shadows with
 * their versions, jobs and executions, provisioning templates, role aliases, Cognito identity pools and identities,
 * custom authorizers, IAM role policies, Greengrass groups, thing records and groups), each checked through what a
 * user calls: the device MQTT topics, AWS's own SDK clients on the control and data planes, IAM and Cognito calls,
 * Greengrass discovery. A state file that cannot be read stops the start with a typed error and is left untouched.
 */
class PersistedServicesTest :
    FunSpec({
        fun deleteTree(dir: Path) = Files.walk(dir).use { paths ->
            paths.sorted(Comparator.reverseOrder()).forEach { Files.deleteIfExists(it) }
        }

        fun json(text: String) = Json.parseToJsonElement(text).jsonObject

        test("shadows, jobs, templates, role aliases, pools, authorizers, role policies and groups survive a restart") {
            val dir = Files.createTempDirectory("emulator-services")
            val roleArn = "arn:aws:iam::000000000000:role/kept-role"
            val policy =
                """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:Publish","Resource":"*"}]}"""
            val first = IotEmulator.start(IotEmulatorConfig { dataDir = dir })
            val device = first.registerThing("kept-device")
            first.updateShadow("kept-device", null, """{"state":{"reported":{"temp":20}}}""")
            first.updateShadow("kept-device", null, """{"state":{"reported":{"temp":21}}}""")
            first.updateShadow("kept-device", "config", """{"state":{"desired":{"mode":"eco"}}}""")
            first.createThingGroup("kept-group", listOf("kept-device"))
            first.createJob("kept-job", """{"op":"reboot"}""", emptyList(), listOf("kept-group"))
            // the device starts the job over MQTT: IN_PROGRESS, version 2
            mqtt5(first, "kept-device", device).apply {
                connect()
                publishes(MqttGlobalPublishFilter.ALL).use { publishes ->
                    subscribeWith().topicFilter("\$aws/things/kept-device/jobs/kept-job/update/accepted")
                        .qos(MqttQos.AT_LEAST_ONCE).send()
                    publishWith().topic("\$aws/things/kept-device/jobs/kept-job/update").qos(MqttQos.AT_LEAST_ONCE)
                        .payload("""{"status":"IN_PROGRESS","expectedVersion":1}""".toByteArray()).send()
                    publishes.receive(10, TimeUnit.SECONDS).orElseThrow()
                }
                disconnect()
            }
            first.createProvisioningTemplate(
                ProvisioningTemplate("kept-factory", "sensor-{Serial}", mapOf("Serial" to "[0-9]+")),
            )
            first.createRoleAlias("kept-alias", roleArn, 900)
            first.temporaryCredentials.putRolePolicy(roleArn, "kept-policy", policy)
            val pool = first.createIdentityPool("kept-pool", allowUnauthenticated = true)
            first.temporaryCredentials.setIdentityPoolRoles(pool, null, roleArn)
            val identity = cognitoClient(first).use { c -> c.getId { it.identityPoolId(pool) }.identityId() }
            val group = first.greengrass.createGroup("kept-gg")
            first.greengrass.addThingToGroup("kept-device", "kept-gg")
            first.greengrass.setConnectivity("kept-gg", listOf(EmulatedConnectivity("lan", "192.168.1.20", 8883)))
            awsIotClient(first).use { iot ->
                iot.createAuthorizer {
                    it.authorizerName("kept-auth").tokenKeyName("token").signingDisabled(true)
                        .authorizerFunctionArn("arn:aws:lambda:${first.region}:${first.accountId}:function:kept")
                        .status(AuthorizerStatus.INACTIVE)
                }
                iot.setDefaultAuthorizer { it.authorizerName("kept-auth") }
                iot.updateThing {
                    it.thingName("kept-device").attributePayload { p -> p.attributes(mapOf("floor" to "3")) }
                }
            }
            first.close()

            IotEmulator.start(IotEmulatorConfig { dataDir = dir }).use { second ->
                // shadows: state and version, classic and named; the version goes on from where it was
                json(second.shadow("kept-device")!!).let {
                    it.getValue("version").jsonPrimitive.long shouldBe 2
                    it["state"]!!.jsonObject["reported"].toString() shouldBe """{"temp":21}"""
                }
                awsDataPlaneClient(second).use { data ->
                    val named = data.getThingShadow { it.thingName("kept-device").shadowName("config") }
                    json(named.payload().asUtf8String())["state"]!!.jsonObject["desired"].toString() shouldBe
                        """{"mode":"eco"}"""
                }
                json(second.updateShadow("kept-device", null, """{"state":{"reported":{"temp":22}}}"""))
                    .getValue("version").jsonPrimitive.long shouldBe 3
                awsIotClient(second).use { iot ->
                    // jobs: the execution's status and version
                    iot.describeJobExecution { it.thingName("kept-device").jobId("kept-job") }.execution().let {
                        it.status() shouldBe JobExecutionStatus.IN_PROGRESS
                        it.versionNumber() shouldBe 2
                        it.executionNumber() shouldBe 1
                    }
                    // provisioning template, role alias, authorizer (settings and default), thing attributes
                    iot.describeRoleAlias { it.roleAlias("kept-alias") }.roleAliasDescription().let {
                        it.roleArn() shouldBe roleArn
                        it.credentialDurationSeconds() shouldBe 900
                    }
                    iot.describeAuthorizer { it.authorizerName("kept-auth") }.authorizerDescription().let {
                        it.status() shouldBe AuthorizerStatus.INACTIVE
                        it.tokenKeyName() shouldBe "token"
                    }
                    iot.describeDefaultAuthorizer { }.authorizerDescription().authorizerName() shouldBe "kept-auth"
                    iot.describeThing { it.thingName("kept-device") }.attributes() shouldBe mapOf("floor" to "3")
                }
                second.issueClaimCertificate("kept-factory") // needs no template, but RegisterThing below does
                // the thing group still targets jobs
                second.createJob("after-restart", """{"op":"update"}""", emptyList(), listOf("kept-group"))
                second.jobExecution("kept-device", "after-restart")!!.status shouldBe "QUEUED"
                // IAM role policy
                iam(
                    second,
                    adminCredentials(second),
                    "Action" to "GetRolePolicy",
                    "RoleName" to "kept-role",
                    "PolicyName" to "kept-policy",
                ).let {
                    it.statusCode() shouldBe 200
                    it.body() shouldContain "kept-policy"
                }
                // Cognito: the identity from the first run still gets credentials, and the pool keeps its roles
                cognitoClient(second).use { c ->
                    val issued = c.getCredentialsForIdentity { it.identityId(identity) }.credentials()
                    issued.accessKeyId().isNotEmpty() shouldBe true
                }
                // Greengrass: discovery answers the group with its CA from the first run and the kept connectivity
                val tls = Tls.context(second.caCertificatePem, device.certificatePem to device.privateKeyPem)
                val http = HttpClient.newBuilder().sslContext(tls).build()
                val discover = "https://localhost:${second.port8443}/greengrass/discover/thing/kept-device"
                val discovered = http.send(
                    HttpRequest.newBuilder(URI(discover)).GET().build(),
                    HttpResponse.BodyHandlers.ofString(),
                )
                discovered.statusCode() shouldBe 200
                val gg = json(discovered.body()).getValue("GGGroups").jsonArray.single().jsonObject
                gg.getValue("CAs").jsonArray.single().jsonPrimitive.content shouldBe group.caCertificatePem
                gg.toString() shouldContain "192.168.1.20"
            }
            deleteTree(dir)
        }

        test(
            "a corrupt or newer state file stops the start with a typed error and is left as it was; version 1 reads",
        ) {
            val dir = Files.createTempDirectory("emulator-corrupt")
            IotEmulator.start(IotEmulatorConfig { dataDir = dir }).use { it.registerThing("secret-keeper") }
            val state = dir.resolve("state.json")
            val saved = Files.readString(state)
            val secret = json(saved).getValue("credentials").jsonArray.first().jsonObject
                .getValue("secretAccessKey").jsonPrimitive.content

            // a torn file: not JSON; the message does not quote the file (it holds keys)
            val torn = saved.substring(0, saved.length / 2)
            Files.writeString(state, torn)
            shouldThrow<EmulatorStateException> { IotEmulator.start(IotEmulatorConfig { dataDir = dir }) }.let {
                it.section shouldBe null
                it.message!! shouldContain "not JSON"
                it.message!! shouldNotContain secret
            }
            Files.readString(state) shouldBe torn

            // a malformed section is named
            val badShadows = json(saved).let { root ->
                val parts = JsonObject(root.getValue("parts").jsonObject + ("shadows" to json("""{"x":1}""")))
                JsonObject(root + ("parts" to parts))
            }.toString()
            Files.writeString(state, badShadows)
            shouldThrow<EmulatorStateException> { IotEmulator.start(IotEmulatorConfig { dataDir = dir }) }.let {
                it.section shouldBe "shadows"
                it.formatVersion shouldBe 2
            }
            Files.readString(state) shouldBe badShadows

            // a newer format
            val newer = saved.replaceFirst("\"version\":2", "\"version\":99")
            Files.writeString(state, newer)
            shouldThrow<EmulatorStateException> { IotEmulator.start(IotEmulatorConfig { dataDir = dir }) }
                .formatVersion shouldBe 99
            Files.readString(state) shouldBe newer

            // a version-1 file (before "version" and "parts") still reads
            val v1 = JsonObject(json(saved) - "version" - "parts").toString()
            Files.writeString(state, v1)
            IotEmulator.start(IotEmulatorConfig { dataDir = dir }).use {
                it.things().contains("secret-keeper") shouldBe true
            }
            json(Files.readString(state)).getValue("version").jsonPrimitive.content shouldBe "2"

            // the unchanged file starts again
            Files.writeString(state, saved)
            IotEmulator.start(IotEmulatorConfig { dataDir = dir }).use {
                it.things().contains("secret-keeper") shouldBe true
            }
            deleteTree(dir)
        }
    })
