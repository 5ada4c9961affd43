package dev.iotsdk.samples

import dev.iotsdk.emulator.CertificateStatus
import dev.iotsdk.samples.provisioning.setUpFactory
import dev.iotsdk.test.IotEmulatorExtension
import io.kotest.assertions.withClue
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import java.nio.file.Files

/**
 * The samples' `main`s as a user runs them: `--help`, bad flags (status 2), failures (status 1), AWS mode. One `--help`
 * and one bad flag run in a JVM of their own (the real exit status); the other `--help`s and bad flags run in this JVM
 * ([runMainInProcess]), as they end before they start anything.
 */
class SampleCliTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())
        val pkg = "dev.iotsdk.samples"

        test("--help prints the shared flags and the sample's own, and exits 0, in Kotlin and Java") {
            val ownFlag = mapOf(
                "provisioning.FactoryFreshDevice" to "--template <name>",
                "provisioning.FactoryFreshDeviceJava" to "--param <Name=Value>",
                "greengrass.BasicDiscovery" to "--topic <topic>",
                "greengrass.BasicDiscoveryJava" to "--message <text>",
                "dataplane.CompanionApp" to "--power <on|off>",
                "dataplane.CompanionAppJava" to "--power <on|off>",
                "credentials.CognitoPubSub" to "--pool <id>",
                "credentials.CognitoPubSubJava" to "--count <n>",
                "credentials.CertificateCredentials" to "--role-alias <alias>",
                "credentials.CertificateCredentialsJava" to "--credentials-endpoint <host>",
                "controlplane.FleetSetup" to "--job-id <id>",
            )
            for ((sample, flag) in ownFlag) {
                val run = if (sample == "provisioning.FactoryFreshDevice") {
                    runSample("$pkg.$sample", "--help")
                } else {
                    runMainInProcess("$pkg.$sample", "--help")
                }
                withClue("$sample --help:\n${run.output}") {
                    run.status shouldBe 0
                    run.output shouldContain "--endpoint <host>"
                    run.output shouldContain flag
                    run.output shouldNotContain "error:"
                }
            }
        }

        test("bad flags print what to fix and the flags, and exit 2") {
            val cert = Files.createTempFile("cert", ".pem").toString()
            val expected = listOf(
                listOf("provisioning.FactoryFreshDevice", "--endpoint", "h", "--cert", cert, "--key", cert) to
                    "--template is required with --endpoint",
                listOf("provisioning.FactoryFreshDeviceJava", "--param", "SerialNumber") to
                    "--param needs Name=Value, got 'SerialNumber'",
                listOf("greengrass.BasicDiscoveryJava", "--endpoint", "h") to "--cert is required with --endpoint",
                listOf("greengrass.BasicDiscovery", "--cert", "/nope/cert.pem") to
                    "--cert: no readable file at '/nope/cert.pem'",
                listOf("dataplane.CompanionAppJava", "--power", "dim") to "--power must be on or off, got 'dim'",
                listOf("dataplane.CompanionApp", "--thing") to "--thing needs a value",
                listOf("credentials.CognitoPubSub", "--endpoint", "h") to "--pool is required with --endpoint",
                listOf("credentials.CognitoPubSubJava", "--count", "0") to "--count must be a positive number, got '0'",
                listOf("credentials.CertificateCredentialsJava", "--endpoint", "h", "--cert", cert, "--key", cert) to
                    "--credentials-endpoint is required with --endpoint",
                listOf("controlplane.FleetSetup", "--job-id") to "--job-id needs a value",
            )
            for ((command, message) in expected) {
                val main = "$pkg.${command.first()}"
                val args = command.drop(1).toTypedArray()
                val run = if (command.first() == "dataplane.CompanionAppJava") {
                    runSample(main, *args)
                } else {
                    runMainInProcess(main, *args)
                }
                withClue("${command.joinToString(" ")}:\n${run.output}") {
                    run.status shouldBe 2
                    run.output shouldContain "error: $message"
                    run.output shouldContain "--endpoint <host>"
                }
            }
        }

        test("a claim certificate the server refuses ends with a one-line error and status 1") {
            val device = emu.registerThing("cli-inactive")
            emu.setCertificateStatus(device.certificateId, CertificateStatus.INACTIVE)
            val run = runSample(
                "$pkg.provisioning.FactoryFreshDeviceJava",
                "--endpoint", "localhost", "--port", emu.mqttPort.toString(), "--ca", emu.caPath.toString(),
                "--cert", device.certificatePath.toString(), "--key", device.privateKeyPath.toString(),
                "--template", "any",
            )
            withClue(run.output) {
                run.status shouldBe 1
                run.output shouldContain "error: FleetProvisioningException"
                run.output shouldNotContain "\tat "
            }
        }

        test("FactoryFreshDevice with --endpoint provisions against that endpoint, then reuses the saved identity") {
            val claim = setUpFactory(emu, "cli-factory") {}
            val identity = Files.createTempDirectory("cli-identity").resolve("identity.pem").toString()
            val args = arrayOf(
                "--endpoint", "localhost", "--port", emu.mqttPort.toString(), "--ca", emu.caPath.toString(),
                "--cert", claim.certificatePath.toString(), "--key", claim.privateKeyPath.toString(),
                "--template", "cli-factory", "--param", "SerialNumber=4321", "--identity", identity,
                "--client-id", "cli-claim",
            )
            val first = runSample("$pkg.provisioning.FactoryFreshDevice", *args)
            withClue(first.output) {
                first.status shouldBe 0
                first.output shouldContain "device is now 'sensor-4321'"
            }
            val second = runSample("$pkg.provisioning.FactoryFreshDevice", *args)
            withClue(second.output) {
                second.status shouldBe 0
                second.output shouldContain "already provisioned (identity file), connected as 'sensor-4321'"
            }
        }

        test("CompanionAppJava with --endpoint uses the default credentials chain and the data plane there") {
            fun companion() = runSample(
                "$pkg.dataplane.CompanionAppJava",
                "--endpoint", "https://localhost:${emu.port443}", "--region", emu.region, "--ca", emu.caPath.toString(),
                "--thing", "cli-lamp", "--power", "off",
                env = mapOf(
                    "AWS_ACCESS_KEY_ID" to emu.credentials.accessKeyId,
                    "AWS_SECRET_ACCESS_KEY" to emu.credentials.secretAccessKey,
                ),
            )
            val missing = companion()
            withClue(missing.output) {
                missing.status shouldBe 1 // the shadow does not exist yet: GetThingShadow is a 404
                missing.output shouldContain "error: ResourceNotFoundException"
            }
            emu.updateShadow("cli-lamp", null, """{"state":{"reported":{"power":"on"}}}""")
            val again = companion()
            withClue(again.output) {
                again.status shouldBe 0
                again.output shouldContain "shadow of cli-lamp: {\"state\":{\"reported\":{\"power\":\"on\"}}"
                again.output shouldContain "desired power=off accepted as version 2"
            }
            emu.shadow("cli-lamp") shouldContain "\"desired\":{\"power\":\"off\"}"
        }

        test(
            "CertificateCredentialsJava with --endpoint trades the certificate for credentials and calls the data " +
                "plane there",
        ) {
            emu.createRoleAlias("cli-role", "arn:aws:iam::${emu.accountId}:role/cli")
            val device = emu.registerThing("cli-creds")
            val run = runSample(
                "$pkg.credentials.CertificateCredentialsJava",
                "--endpoint", "https://localhost:${emu.port443}", "--credentials-endpoint", "localhost:${emu.port8443}",
                "--role-alias", "cli-role", "--thing", "cli-creds", "--region", emu.region, "--ca",
                emu.caPath.toString(),
                "--cert", device.certificatePath.toString(), "--key", device.privateKeyPath.toString(),
            )
            withClue(run.output) {
                run.status shouldBe 0
                run.output shouldContain "shadow version 1"
            }
            emu.shadow("cli-creds") shouldContain "\"online\":true"
        }
    })
