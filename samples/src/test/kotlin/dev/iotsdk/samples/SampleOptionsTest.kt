package dev.iotsdk.samples

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files

class SampleOptionsTest :
    FunSpec({
        test("every shared flag is read, --help needs no value") {
            val cert = Files.createTempFile("cert", ".pem")
            val key = Files.createTempFile("key", ".pem")
            val o = SampleOptions.parse(
                arrayOf(
                    "--endpoint", "abc-ats.iot.eu-west-1.amazonaws.com", "--cert", cert.toString(), "--key",
                    key.toString(),
                    "--thing", "t1", "--client-id", "c1", "--port", "443", "--help",
                ),
            )
            o.endpoint shouldBe "abc-ats.iot.eu-west-1.amazonaws.com"
            o.thing shouldBe "t1"
            o.clientId shouldBe "c1"
            o.port shouldBe 443
            o.help shouldBe true
            o.region shouldBe null
            SampleOptions.regionOf(o.endpoint!!) shouldBe "eu-west-1"
            SampleOptions.parse(arrayOf("--region", "ap-south-1")).region shouldBe "ap-south-1"
        }

        test("unknown flags, missing values and missing files are clear errors") {
            shouldThrow<IllegalArgumentException> {
                SampleOptions.parse(arrayOf("--endpont", "x"))
            }.message shouldContain
                "unknown option '--endpont'"
            shouldThrow<IllegalArgumentException> { SampleOptions.parse(arrayOf("--thing")) }.message shouldContain
                "--thing needs a value"
            shouldThrow<IllegalArgumentException> {
                SampleOptions.parse(arrayOf("--endpoint", "h"))
            }.message shouldContain
                "--cert is required"
            shouldThrow<IllegalArgumentException> {
                SampleOptions.parse(arrayOf("--endpoint", "h", "--cert", "/nope/cert.pem", "--key", "/nope/key.pem"))
            }.message shouldContain "--cert: no readable file at '/nope/cert.pem'"
            shouldThrow<IllegalArgumentException> { SampleOptions.parse(arrayOf("--port", "x")) }.message shouldContain
                "--port must be a number"
        }

        test("--client-id replaces the thing-name prefix of each connection's client ID") {
            SampleOptions.clientId("thermo-listener", "thermo", "my-device") shouldBe "my-device-listener"
            SampleOptions.clientId("thermo", "thermo", "my-device") shouldBe "my-device"
            SampleOptions.clientId("thermo", "thermo", null) shouldBe "thermo"
            SampleOptions.clientId("other", "thermo", "my-device") shouldBe "other"
        }

        test("a sample's own flags and HTTPS samples without a device identity") {
            val o = SampleOptions.parse(
                arrayOf("--endpoint", "abc-ats.iot.eu-west-1.amazonaws.com", "--power", "off"),
                setOf("power"),
                needsIdentity = false,
            )
            o.extra shouldBe mapOf("power" to "off")
            o.cert shouldBe null
            shouldThrow<IllegalArgumentException> {
                SampleOptions.parse(arrayOf("--power", "off"))
            }.message shouldContain
                "unknown option '--power'"
        }
    })
