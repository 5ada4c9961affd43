package dev.iotsdk.r8app

import dev.iotsdk.emulator.EmulatorEvent
import dev.iotsdk.emulator.ProvisioningTemplate
import dev.iotsdk.test.IotEmulatorExtension
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.util.Properties
import java.util.concurrent.TimeUnit
import java.util.zip.ZipFile

/**
 * Runs the R8-shrunk consumer app (`target/r8/app-shrunk.jar`: [ConsumerApp] plus the SDK and all its dependencies,
 * shrunk, optimised and obfuscated with only the consumer rules shipped in the jars) in its own JVM against an
 * in-process emulator, and checks from the emulator's side that every step really happened. A rule missing for
 * reflection, service loading or serialization shows up as a failed step here.
 */
class ShrunkAppTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())
        val shrunk = Paths.get(System.getProperty("r8.app.jar") ?: "target/r8/app-shrunk.jar")

        test("the shrunk jar keeps only the app's entry point under its own name; the DEX build exists") {
            ZipFile(shrunk.toFile()).use { zip ->
                val names = zip.entries().asSequence().map { it.name }.toList()
                // everything else of ours is renamed (obfuscation on), public SDK API included: the app keeps only main
                names.filter { it.startsWith("dev/iotsdk/") } shouldBe listOf("dev/iotsdk/r8app/ConsumerAppKt.class")
            }
            Files.size(shrunk.resolveSibling("dex").resolve("classes.dex")) shouldBeGreaterThan 100_000L
        }

        test(
            "the shrunk app connects, syncs a shadow, runs a job, uses the data plane on OkHttp, provisions and " +
                "discovers a Greengrass core",
        ) {
            val thing = "r8-app"
            val device = emu.registerThing(thing)
            emu.updateShadow(thing, null, """{"state":{"desired":{"power":"on","color":"amber"}}}""")
            emu.createJob("r8-job", """{"operation":"check"}""", listOf(thing))
            emu.createPolicy(
                "r8-provisioned",
                """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:*","Resource":"*"}]}""",
            )
            emu.createProvisioningTemplate(
                ProvisioningTemplate(
                    "r8-factory",
                    "sensor-{SerialNumber}",
                    mapOf("SerialNumber" to "[0-9]{4,12}"),
                    policyName = "r8-provisioned",
                ),
            )
            val claim = emu.issueClaimCertificate("r8-factory")
            val group = emu.greengrass.createGroup("r8-group")
            emu.greengrass.addThingToGroup(thing, group.groupId)
            val core = emu.greengrass.startCore(group.groupId)

            val dir = Files.createTempDirectory("r8-app")
            val props = dir.resolve("app.properties")
            Properties().apply {
                put("endpoint", emu.endpoint)
                put("mqttPort", emu.mqttPort.toString())
                put("port443", emu.port443.toString())
                put("port8443", emu.port8443.toString())
                put("caPath", emu.caPath.toString())
                put("thing", thing)
                put("certPath", device.certificatePath.toString())
                put("keyPath", device.privateKeyPath.toString())
                put("desiredPower", "on")
                put("region", emu.region)
                put("accessKeyId", emu.credentials.accessKeyId)
                put("secretAccessKey", emu.credentials.secretAccessKey)
                put("claimCertPath", claim.certificatePath.toString())
                put("claimKeyPath", claim.privateKeyPath.toString())
                put("template", "r8-factory")
                put("serial", "4242")
                put("identityFile", dir.resolve("identity.pem").toString())
                Files.newOutputStream(props).use { store(it, null) }
            }

            val (exit, output) = runShrunk(shrunk, props)
            println(output)
            output shouldContain "ALL OK"
            exit shouldBe 0
            listOf(
                "mqtt-mtls",
                "java-view",
                "shadow",
                "jobs",
                "mqtt-alpn",
                "dataplane-okhttp",
                "provisioning",
                "greengrass-okhttp",
            )
                .forEach { output shouldContain "STEP $it OK" }

            // what the emulator saw
            val alpn = emu.awaitEvent { it is EmulatorEvent.ClientConnected && it.clientId == thing && it.alpn != null }
            (alpn as EmulatorEvent.ClientConnected).alpn shouldBe "x-amzn-mqtt-ca"
            emu.shadow(thing)!! shouldContain """"reported":{"power":"on","color":"amber"}"""
            emu.jobExecution(thing, "r8-job")!!.status.toString() shouldBe "SUCCEEDED"
            emu.things() shouldContain "sensor-4242"
            emu.awaitEvent {
                it is EmulatorEvent.ClientConnected && it.clientId == thing && it.listener == "greengrass-core"
            }
            core.port shouldBe
                output.substringAfter(
                    "STEP greengrass-okhttp OK",
                ).substringAfter("at port ").trim().lineSequence().first().toInt()
        }
    })

/** Runs the shrunk jar alone on this JVM's `java` (no other classpath entry) and returns its exit code and output. */
private fun runShrunk(jar: Path, props: Path): Pair<Int, String> {
    val java = Paths.get(System.getProperty("java.home"), "bin", "java").toString()
    val process = ProcessBuilder(java, "-cp", jar.toString(), "dev.iotsdk.r8app.ConsumerAppKt", props.toString())
        .redirectErrorStream(true)
        .start()
    val output = StringBuilder()
    val reader = Thread { process.inputStream.bufferedReader().forEachLine { output.appendLine(it) } }.apply { start() }
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly()
        throw AssertionError("the shrunk app did not finish within 120 s:\n$output")
    }
    reader.join()
    return process.exitValue() to output.toString()
}
