package dev.iotsdk.emulator.greengrass

import dev.iotsdk.emulator.IotEmulatorExtension
import dev.iotsdk.emulator.Tls
import dev.iotsdk.emulator.cli.Main
import dev.iotsdk.emulator.controlplane.awsIotClient
import dev.iotsdk.emulator.controlplane.pointedAt
import dev.iotsdk.emulator.provisioning.ProvisioningDevice
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.int
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import software.amazon.awssdk.services.greengrass.GreengrassClient
import software.amazon.awssdk.services.greengrass.model.ConnectivityInfo
import software.amazon.awssdk.services.greengrassv2.GreengrassV2Client
import software.amazon.awssdk.services.greengrassv2.model.AssociateClientDeviceWithCoreDeviceEntry
import java.io.ByteArrayOutputStream
import java.io.PrintStream

/**
 * A Greengrass core device and its client devices declared entirely from outside the JVM (issue 21 item 9), with
 * the AWS SDK for Java v2 as the AWS CLI would: CreateThing / CreateKeysAndCertificate / AttachThingPrincipal (`iot`),
 * BatchAssociateClientDeviceWithCoreDevice (`greengrassv2`), UpdateConnectivityInfo (`greengrass`), then discovery.
 * A registered thing named as a core becomes a core device; discovery names its group as AWS does for Greengrass v2
 * cores, `greengrassV2-coreDevice-<core thing>` (AWS IoT Greengrass V2 developer guide, "Test client device
 * communications", discovery response example).
 */
class CoreDeviceFromOutsideTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())
        val iot by lazy { awsIotClient(emu) }
        afterSpec { iot.close() }

        test("core device, association and connectivity over the AWS APIs; discovery answers them") {
            iot.createThing { it.thingName("outside-core") }
            iot.createThing { it.thingName("outside-device") }
            val keys = iot.createKeysAndCertificate { it.setAsActive(true) }
            iot.attachThingPrincipal { it.thingName("outside-device").principal(keys.certificateArn()) }
            val v2: GreengrassV2Client = GreengrassV2Client.builder().pointedAt(emu)
            v2.use {
                it.batchAssociateClientDeviceWithCoreDevice { r ->
                    r.coreDeviceThingName("outside-core")
                        .entries(AssociateClientDeviceWithCoreDeviceEntry.builder().thingName("outside-device").build())
                }.errorEntries() shouldBe emptyList()
            }
            val v1: GreengrassClient = GreengrassClient.builder().pointedAt(emu)
            v1.use {
                it.updateConnectivityInfo { r ->
                    r.thingName("outside-core").connectivityInfo(
                        ConnectivityInfo.builder().id("lan").hostAddress("127.0.0.1").portNumber(8883).metadata("")
                            .build(),
                    )
                }
            }
            val identity = keys.certificatePem() to ProvisioningDevice.pkcs8(keys.keyPair().privateKey())
            val body = Tls.socket(emu, emu.port8443, emptyList(), identity).use { s ->
                s.outputStream.write(
                    (
                        "GET /greengrass/discover/thing/outside-device HTTP/1.1\r\nHost: localhost\r\n" +
                            "Connection: close\r\n\r\n"
                        ).toByteArray(),
                )
                s.outputStream.flush()
                val text = s.inputStream.readBytes().decodeToString()
                text.substringBefore("\r\n") shouldBe "HTTP/1.1 200 OK"
                text.substringAfter("\r\n\r\n")
            }
            val group = Json.parseToJsonElement(body).jsonObject.getValue("GGGroups").jsonArray.single().jsonObject
            group.getValue("GGGroupId").jsonPrimitive.content shouldBe "greengrassV2-coreDevice-outside-core"
            val core = group.getValue("Cores").jsonArray.single().jsonObject
            core.getValue("thingArn").jsonPrimitive.content shouldBe
                "arn:aws:iot:${emu.region}:${emu.accountId}:thing/outside-core"
            core.getValue(
                "Connectivity",
            ).jsonArray.single().jsonObject.getValue("HostAddress").jsonPrimitive.content shouldBe
                "127.0.0.1"
        }

        test("the CLI's --greengrass-core starts a core device with a running endpoint and prints it") {
            val out = ByteArrayOutputStream()
            Main.run(
                arrayOf("--greengrass-core", "cli-core", "--json"),
                PrintStream(out),
                PrintStream(ByteArrayOutputStream()),
                waitForStdin = false,
            ) shouldBe 0
            val json = Json.parseToJsonElement(out.toString().lines().first()) as JsonObject
            val core = json.getValue("greengrassCores").jsonArray.single().jsonObject
            core.getValue("thingName").jsonPrimitive.content shouldBe "cli-core"
            core.getValue("groupId").jsonPrimitive.content shouldBe "greengrassV2-coreDevice-cli-core"
            (core.getValue("port").jsonPrimitive.int > 0) shouldBe true
        }
    })
