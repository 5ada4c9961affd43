package dev.iotsdk.emulator

import dev.iotsdk.emulator.cli.Main
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.int
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import java.io.ByteArrayOutputStream
import java.io.PrintStream
import java.nio.file.Files
import java.nio.file.Paths

class CliTest :
    FunSpec({
        test("--json prints one JSON object with the connection details on the first line") {
            val out = ByteArrayOutputStream()
            val err = ByteArrayOutputStream()
            val dir = Files.createTempDirectory("cli-test")
            val code = Main.run(
                arrayOf(
                    "--thing", "cli-a", "--thing", "cli-b", "--json", "--region", "eu-west-1", "--data-dir",
                    dir.toString(),
                ),
                PrintStream(out),
                PrintStream(err),
                waitForStdin = false,
            )
            code shouldBe 0
            val first = out.toString().lines().first()
            val json = Json.parseToJsonElement(first) as JsonObject
            json["endpoint"]!!.jsonPrimitive.content shouldBe "localhost"
            (json["mqttPort"]!!.jsonPrimitive.int > 0) shouldBe true
            (json["port443"]!!.jsonPrimitive.int > 0) shouldBe true
            (json["plainPort"]!!.jsonPrimitive.int > 0) shouldBe true
            json["wssPath"]!!.jsonPrimitive.content shouldBe "/mqtt"
            // issue 21 item 9: the port of the HTTPS APIs and of Greengrass discovery, by role
            json["httpsPort"]!!.jsonPrimitive.int shouldBe json["port443"]!!.jsonPrimitive.int
            json["discoveryPort"]!!.jsonPrimitive.int shouldBe json["port8443"]!!.jsonPrimitive.int
            json["region"]!!.jsonPrimitive.content shouldBe "eu-west-1"
            Files.exists(Paths.get(json["caPath"]!!.jsonPrimitive.content)) shouldBe true
            json["credentials"]!!.jsonObject["accessKeyId"]!!.jsonPrimitive.content.startsWith("AKIA") shouldBe true
            json["credentials"]!!.jsonObject.containsKey("secretAccessKey") shouldBe true
            val things = json["things"] as JsonArray
            things.map { it.jsonObject["name"]!!.jsonPrimitive.content } shouldBe listOf("cli-a", "cli-b")
            things.forEach {
                Files.exists(Paths.get(it.jsonObject["certPath"]!!.jsonPrimitive.content)) shouldBe true
                Files.exists(Paths.get(it.jsonObject["keyPath"]!!.jsonPrimitive.content)) shouldBe true
                it.jsonObject["certificateId"]!!.jsonPrimitive.content.length shouldBe 64
            }
            Files.walk(dir).use { paths ->
                paths.sorted(Comparator.reverseOrder()).forEach { Files.deleteIfExists(it) }
            }
        }

        test("--help and bad options") {
            val out = ByteArrayOutputStream()
            Main.run(
                arrayOf("--help"),
                PrintStream(out),
                PrintStream(ByteArrayOutputStream()),
                waitForStdin = false,
            ) shouldBe
                0
            out.toString() shouldContain "--thing"
            val err = ByteArrayOutputStream()
            Main.run(
                arrayOf("--bogus"),
                PrintStream(ByteArrayOutputStream()),
                PrintStream(err),
                waitForStdin = false,
            ) shouldBe
                2
            err.toString() shouldContain "unknown option --bogus"
            val badName = ByteArrayOutputStream()
            Main.run(
                arrayOf("--server-name", "not a host name"),
                PrintStream(ByteArrayOutputStream()),
                PrintStream(badName),
                waitForStdin = false,
            ) shouldBe 2
            badName.toString() shouldContain "is neither a DNS name nor an IP address"
            Main.run(
                arrayOf("--server-name", "10.0.2.2", "--server-name", "iot.dev.example", "--json"),
                PrintStream(ByteArrayOutputStream()),
                PrintStream(ByteArrayOutputStream()),
                waitForStdin = false,
            ) shouldBe 0
        }
    })
