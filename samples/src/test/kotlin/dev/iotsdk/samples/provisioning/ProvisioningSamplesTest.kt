package dev.iotsdk.samples.provisioning

import dev.iotsdk.emulator.EmulatorEvent
import dev.iotsdk.samples.SampleOptions
import dev.iotsdk.test.IotEmulatorExtension
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.shouldBe
import java.nio.file.Files

class ProvisioningSamplesTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())

        test("without --endpoint the Kotlin and Java samples provision on their own emulator") {
            val lines = mutableListOf<String>()
            FactoryFreshDevice.run(SampleOptions.parse(arrayOf(), FactoryFreshDevice.FLAGS)) { lines += it } shouldBe
                "sensor-0042"
            lines shouldContain "  device: RegisterThing accepted"
            FactoryFreshDeviceJava.run(
                SampleOptions.parse(arrayOf("--param", "SerialNumber=77"), FactoryFreshDevice.FLAGS),
            ) {
                lines +=
                    it
            } shouldBe
                "sensor-77"
        }

        test("with --endpoint the Kotlin and Java samples provision against it with the claim from --cert/--key") {
            val claim = setUpFactory(emu, "flags-factory") {}
            val dir = Files.createTempDirectory("provisioning-samples")
            fun options(serial: String) = SampleOptions.parse(
                arrayOf(
                    "--endpoint", emu.endpoint, "--port", emu.mqttPort.toString(), "--ca", emu.caPath.toString(),
                    "--cert", claim.certificatePath.toString(), "--key", claim.privateKeyPath.toString(),
                    "--template", "flags-factory", "--param", "SerialNumber=$serial", "--identity",
                    dir.resolve(
                        "$serial.pem",
                    ).toString(),
                ),
                FactoryFreshDevice.FLAGS,
                requiredWithEndpoint = setOf("template"),
            )
            FactoryFreshDevice.run(options("1001")) {} shouldBe "sensor-1001"
            emu.awaitEvent {
                it is EmulatorEvent.MessagePublished &&
                    it.topic == "telemetry/sensor-1001" &&
                    it.clientId == "sensor-1001"
            }
            FactoryFreshDeviceJava.run(options("1002")) {} shouldBe "sensor-1002"
            emu.awaitEvent {
                it is EmulatorEvent.MessagePublished &&
                    it.topic == "telemetry/sensor-1002" &&
                    it.clientId == "sensor-1002"
            }
            Files.readString(dir.resolve("1002.pem")).contains("BEGIN CERTIFICATE") shouldBe true
        }
    })
