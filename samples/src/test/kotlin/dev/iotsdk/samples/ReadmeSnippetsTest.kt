package dev.iotsdk.samples

import dev.iotsdk.core.MqttMessage
import dev.iotsdk.test.IotEmulatorExtension
import dev.iotsdk.test.plainClient
import io.kotest.assertions.withClue
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import org.jetbrains.kotlin.cli.common.ExitCode
import org.jetbrains.kotlin.cli.jvm.K2JVMCompiler
import java.io.ByteArrayOutputStream
import java.io.PrintStream
import java.nio.file.Files
import java.nio.file.Path
import javax.tools.ToolProvider
import kotlin.time.Duration.Companion.seconds

/**
 * Issue 22: the README's Kotlin and Java programs, copied literally with only the endpoint, port and file paths
 * changed, compile (Kotlin with the Kotlin compiler, Java with javac, on the SDK's classpath as a user's project has it),
 * run in a JVM of their own against the emulator, publish their telemetry, and exit 0 by themselves.
 */
class ReadmeSnippetsTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())
        val readme = Files.readString(Path.of("..", "README.md"))

        /** The fenced [language] block that follows [heading] in the README. */
        fun snippet(heading: String, language: String): String {
            val section = readme.substring(readme.indexOf("\n$heading\n"))
            val start = section.indexOf("```$language\n") + language.length + 4
            return section.substring(start, section.indexOf("\n```", start) + 1)
        }

        /** The snippet with only what a user changes for the emulator: endpoint, port and file paths. */
        fun forEmulator(code: String, dir: Path): String {
            val device = emulator.registerThing("sensor-1")
            val ca = dir.resolve("ca.pem").also { Files.writeString(it, emulator.caCertificatePem) }
            fun path(p: Path) = p.toAbsolutePath().toString().replace("\\", "/")
            val changed = code
                .replace("a1b2c3d4e5f6g7-ats.iot.us-east-1.amazonaws.com", emulator.endpoint)
                .replace("8883", emulator.mqttPort.toString())
                .replace("\"device.pem.crt\"", "\"${path(device.certificatePath)}\"")
                .replace("\"private.pem.key\"", "\"${path(device.privateKeyPath)}\"")
                .replace("\"AmazonRootCA1.pem\"", "\"${path(ca)}\"")
            // nothing else differs from the README
            changed.lines().size shouldBe code.lines().size
            return changed
        }

        val classpath = (System.getProperty("surefire.test.class.path") ?: System.getProperty("java.class.path"))

        suspend fun runAndWatch(mainClass: String, classes: Path) {
            val watcher = emulator.plainClient("readme-watcher")
            watcher.use {
                watcher.connect()
                val telemetry = watcher.openSubscription("telemetry/sensor-1")
                val run = withContext(Dispatchers.IO) {
                    runSample(mainClass, timeoutSeconds = 90, extraClasspath = classes.toString())
                }
                run.status shouldBe 0
                val message: MqttMessage = withTimeout(10.seconds) { telemetry.messages.first() }
                message.payloadAsString() shouldBe """{"t":21.5}"""
            }
        }

        test("the README's Kotlin program compiles and runs against the emulator") {
            val dir = Files.createTempDirectory("readme-kotlin")
            val source = dir.resolve("Sensor.kt")
            Files.writeString(source, forEmulator(snippet("## Kotlin", "kotlin"), dir))
            val out = dir.resolve("classes")
            val messages = ByteArrayOutputStream()
            val code = K2JVMCompiler().exec(
                PrintStream(messages),
                "-no-stdlib", "-no-reflect", "-jvm-target", "17",
                "-classpath", classpath, "-d", out.toString(), source.toString(),
            )
            withClue(messages.toString()) { code shouldBe ExitCode.OK }
            runAndWatch("SensorKt", out)
        }

        test("the README's Java program compiles and runs against the emulator") {
            val dir = Files.createTempDirectory("readme-java")
            val source = dir.resolve("Sensor.java")
            Files.writeString(source, forEmulator(snippet("## Java", "java"), dir))
            val out = dir.resolve("classes")
            Files.createDirectories(out)
            val errors = ByteArrayOutputStream()
            val status = ToolProvider.getSystemJavaCompiler().run(
                null,
                null,
                errors,
                "-classpath",
                classpath,
                "-d",
                out.toString(),
                source.toString(),
            )
            withClue(errors.toString()) { status shouldBe 0 }
            runAndWatch("Sensor", out)
        }

        test("the snippets are whole programs: imports included, nothing left undefined") {
            snippet("## Kotlin", "kotlin") shouldContain "import dev.iotsdk.core.IotMqttClient"
            snippet("## Java", "java") shouldContain "public static void main"
        }
    })
