package dev.iotsdk.samples.controlplane

import dev.iotsdk.test.IotEmulatorExtension
import io.kotest.assertions.withClue
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainAll
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files
import java.nio.file.Paths
import java.util.concurrent.TimeUnit

/**
 * Runs `samples/scripts/fleet-setup.sh` with the AWS CLI against the emulator. The CLI must be installed (no test
 * passes by skipping); `.ci/run` installs Debian's `awscli`.
 */
class FleetSetupScriptTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())

        test("the AWS CLI script creates three things with certificates, a policy and a job on the emulator") {
            val out = Files.createTempDirectory("fleet-out")
            val process = ProcessBuilder("bash", Paths.get("scripts/fleet-setup.sh").toString())
                .redirectErrorStream(true)
                .also {
                    it.environment() += mapOf(
                        "IOT_ENDPOINT_URL" to "https://localhost:${emu.port443}",
                        "AWS_CA_BUNDLE" to emu.caPath.toString(),
                        "AWS_ACCESS_KEY_ID" to emu.credentials.accessKeyId,
                        "AWS_SECRET_ACCESS_KEY" to emu.credentials.secretAccessKey,
                        "AWS_DEFAULT_REGION" to emu.region,
                        "AWS_CONFIG_FILE" to out.resolve("no-config").toString(),
                        "AWS_SHARED_CREDENTIALS_FILE" to out.resolve("no-credentials").toString(),
                        "AWS_PAGER" to "",
                        "FLEET_PREFIX" to "cli",
                        "OUT_DIR" to out.toString(),
                    )
                }
                .start()
            val output = process.inputStream.bufferedReader().readText()
            process.waitFor(120, TimeUnit.SECONDS) shouldBe true
            withClue(output) { process.exitValue() shouldBe 0 }
            output shouldContain "data endpoint: localhost:${emu.port443}"
            emu.things() shouldContainAll listOf("cli-device-1", "cli-device-2", "cli-device-3")
            (1..3).forEach { i ->
                emu.jobExecution("cli-device-$i", "cli-job")?.status shouldBe "QUEUED"
                Files.readString(out.resolve("cli-device-$i.cert.pem")) shouldContain "BEGIN CERTIFICATE"
            }
        }
    })
