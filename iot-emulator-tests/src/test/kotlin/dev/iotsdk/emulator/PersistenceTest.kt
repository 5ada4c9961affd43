package dev.iotsdk.emulator

import com.hivemq.client.mqtt.MqttGlobalPublishFilter
import com.hivemq.client.mqtt.datatypes.MqttQos
import dev.iotsdk.emulator.cli.Main
import dev.iotsdk.emulator.controlplane.awsIotClient
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.shouldBe
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import java.io.ByteArrayOutputStream
import java.io.PrintStream
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * State that survives a restart when the emulator has a data directory (`dataDir`, CLI `--data-dir`; issue 21 item
 * 10, in part): the CA, things, certificates, policies and their attachments, SigV4 credentials and retained messages.
 * Each is checked the way a user would notice its loss: the first run's device certificate still connects, the same
 * access key still signs, ListAttachedPolicies still lists the policy, an exact subscriber still gets the retained
 * message.
 */
class PersistenceTest :
    FunSpec({
        fun deleteTree(dir: Path) = Files.walk(dir).use { paths ->
            paths.sorted(Comparator.reverseOrder()).forEach { Files.deleteIfExists(it) }
        }

        test("things, certificates, policies, credentials, the CA and retained messages survive a restart") {
            val dir = Files.createTempDirectory("emulator-state")
            val allow = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:*","Resource":"*"}]}"""
            val first = IotEmulator.start(IotEmulatorConfig { dataDir = dir })
            val device = first.registerThing("kept-thing")
            first.admin.createPolicy("kept-policy", allow)
            first.admin.attachPolicy("kept-policy", device.certificateId)
            val credentials = first.credentials
            plain5(first, "retainer").apply {
                connect()
                publishWith().topic("kept/state").retain(true).qos(MqttQos.AT_LEAST_ONCE)
                    .payload("on".toByteArray()).send()
                disconnect()
            }
            first.close()

            IotEmulator.start(IotEmulatorConfig { dataDir = dir }).use { second ->
                second.things() shouldContain "kept-thing"
                second.credentials.accessKeyId shouldBe credentials.accessKeyId
                second.credentials.secretAccessKey shouldBe credentials.secretAccessKey
                // the first run's certificate is still signed by this run's CA, active, and bound to its thing
                mqtt5(second, "kept-thing", device).apply {
                    connect()
                    disconnect()
                }
                (
                    second.awaitEvent { it is EmulatorEvent.ClientConnected && it.clientId == "kept-thing" }
                        as EmulatorEvent.ClientConnected
                    ).thingName shouldBe "kept-thing"
                awsIotClient(second).use { iot ->
                    iot.listAttachedPolicies {
                        it.target("arn:aws:iot:${second.region}:${second.accountId}:cert/${device.certificateId}")
                    }.policies().map { it.policyName() } shouldBe listOf("kept-policy")
                }
                val subscriber = plain5(second, "kept-subscriber").also { it.connect() }
                subscriber.publishes(MqttGlobalPublishFilter.ALL).use { publishes ->
                    subscriber.subscribeWith().topicFilter("kept/state").qos(MqttQos.AT_LEAST_ONCE).send()
                    val retained = publishes.receive(10, TimeUnit.SECONDS).orElseThrow()
                    retained.isRetain shouldBe true
                    String(retained.payloadAsBytes) shouldBe "on"
                }
                subscriber.disconnect()
            }
            deleteTree(dir)
        }

        test("the command line with --data-dir keeps its credentials and CA across runs") {
            val dir = Files.createTempDirectory("cli-state")
            fun run(): JsonObject {
                val out = ByteArrayOutputStream()
                Main.run(
                    arrayOf("--json", "--data-dir", dir.toString()),
                    PrintStream(out),
                    PrintStream(ByteArrayOutputStream()),
                    waitForStdin = false,
                ) shouldBe 0
                return Json.parseToJsonElement(out.toString().lines().first()) as JsonObject
            }
            val first = run()
            val ca = Files.readString(Path.of(first.getValue("caPath").jsonPrimitive.content))
            val second = run()
            second.getValue("credentials").jsonObject.getValue("accessKeyId") shouldBe
                first.getValue("credentials").jsonObject.getValue("accessKeyId")
            Files.readString(Path.of(second.getValue("caPath").jsonPrimitive.content)) shouldBe ca
            deleteTree(dir)
        }
    })
