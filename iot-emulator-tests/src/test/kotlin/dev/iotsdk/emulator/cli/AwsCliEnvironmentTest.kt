package dev.iotsdk.emulator.cli

import dev.iotsdk.emulator.IotEmulatorExtension
import io.kotest.assertions.withClue
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import java.io.ByteArrayOutputStream
import java.io.PrintStream
import java.nio.file.Files
import java.util.concurrent.TimeUnit

/**
 * Issue 22 item 6: the CLI emulator's human-readable start-up output carries a block that, pasted into a shell as
 * printed, lets the real AWS CLI (`aws`, on the PATH) call the emulator; without `AWS_CA_BUNDLE` the CLI refuses the
 * emulator's certificate, which is why the block sets it.
 */
class AwsCliEnvironmentTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())

        /** Runs [script] in `sh` with no inherited AWS settings; exit code, stdout, stderr. */
        fun shell(script: String): Triple<Int, String, String> {
            val dir = Files.createTempDirectory("aws-cli-env")
            val out = dir.resolve("out")
            val err = dir.resolve("err")
            val process = ProcessBuilder("sh", "-c", script).apply {
                environment().keys.removeIf { it.startsWith("AWS_") }
                // no config or credentials file of the machine's user
                environment()["AWS_CONFIG_FILE"] = dir.resolve("config").toString()
                environment()["AWS_SHARED_CREDENTIALS_FILE"] = dir.resolve("credentials").toString()
                redirectOutput(out.toFile())
                redirectError(err.toFile())
            }.start()
            withClue("aws did not finish") { process.waitFor(2, TimeUnit.MINUTES) shouldBe true }
            return Triple(process.exitValue(), Files.readString(out), Files.readString(err))
        }

        test("the start-up output prints the block, with the emulator's own local credentials and CA file") {
            val out = ByteArrayOutputStream()
            Main.run(
                arrayOf("--region", "eu-west-1"),
                PrintStream(out),
                PrintStream(ByteArrayOutputStream()),
                false,
            ) shouldBe
                0
            val exports = out.toString().lines().filter { it.startsWith("export ") }
                .associate { it.removePrefix("export ").substringBefore('=') to it.substringAfter('=').trim('\'') }
            exports.keys shouldBe setOf(
                "AWS_ACCESS_KEY_ID",
                "AWS_SECRET_ACCESS_KEY",
                "AWS_DEFAULT_REGION",
                "AWS_CA_BUNDLE",
                "AWS_ENDPOINT_URL",
            )
            exports["AWS_DEFAULT_REGION"] shouldBe "eu-west-1"
            exports["AWS_ACCESS_KEY_ID"]!!.startsWith("AKIA") shouldBe true
            exports["AWS_CA_BUNDLE"]!!.endsWith("ca.pem") shouldBe true
            exports["AWS_ENDPOINT_URL"]!!.startsWith("https://localhost:") shouldBe true
            out.toString() shouldContain "--endpoint-url https://localhost:"
        }

        test(
            "pasted into a shell, the block lets the AWS CLI list the emulator's things; without the CA bundle it fails",
        ) {
            emu.registerThing("aws-cli-env-thing")
            val block = AwsCliEnvironment.lines(emu).joinToString("\n")
            val (code, out, err) = shell("$block\naws iot list-things --output json")
            withClue(err) { code shouldBe 0 }
            out shouldContain "\"thingName\": \"aws-cli-env-thing\""

            val withoutCa = AwsCliEnvironment.lines(emu).filterNot { "AWS_CA_BUNDLE" in it }.joinToString("\n")
            val (refused, _, why) = shell("$withoutCa\naws iot list-things --output json")
            refused shouldNotBe 0
            why shouldContain "CERTIFICATE_VERIFY_FAILED"
        }
    })
