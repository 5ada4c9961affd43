package dev.iotsdk.samples.greengrass

import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.emulator.EmulatorEvent
import dev.iotsdk.greengrass.GreengrassDiscoveryConfig
import dev.iotsdk.samples.SampleOptions
import dev.iotsdk.test.IotEmulatorExtension
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class GreengrassSamplesTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())

        fun setUp(thing: String): GreengrassDiscoveryConfig {
            val device = emu.registerThing(thing)
            val group = emu.greengrass.createGroup("$thing-group")
            emu.greengrass.addThingToGroup(thing, group.groupId)
            emu.greengrass.startCore(group.groupId)
            return GreengrassDiscoveryConfig {
                endpoint = emu.endpoint
                port = emu.port8443
                identity = TlsIdentity.fromPem(device.certificatePem, device.privateKeyPem)
                trust = TrustMaterial.fromPem(emu.caCertificatePem)
            }
        }

        test("the tour discovers over 443, skips the dead entry and publishes through the core") {
            val lines = mutableListOf<String>()
            greengrassTour(emu) { lines += it }
            lines.joinToString("\n") shouldContain "skipped"
            lines shouldContain "greengrass: published through the core"
            emu.awaitEvent {
                it is EmulatorEvent.MessagePublished &&
                    it.topic == "greengrass/tour" &&
                    it.clientId == "gg-tour-device"
            }
        }

        test("the Kotlin and Java basic discovery samples publish through the core") {
            BasicDiscovery.run(setUp("gg-kotlin-sample"), "gg-kotlin-sample", "sdk/test/kotlin", "hi") shouldContain
                "127.0.0.1"
            emu.awaitEvent { it is EmulatorEvent.MessagePublished && it.clientId == "gg-kotlin-sample" }
            BasicDiscoveryJava.run(setUp("gg-java-sample"), "gg-java-sample", "sdk/test/java", "hi") shouldContain
                "127.0.0.1"
            emu.awaitEvent { it is EmulatorEvent.MessagePublished && it.clientId == "gg-java-sample" }
        }

        test("with --endpoint the samples discover there with the device from --cert/--key/--thing") {
            for ((thing, sample) in listOf("gg-flags-kotlin" to "kotlin", "gg-flags-java" to "java")) {
                setUp(thing)
                val device = emu.registerThing(thing) // the same thing: a fresh certificate for the flags
                val options = SampleOptions.parse(
                    arrayOf(
                        "--endpoint", emu.endpoint, "--port", emu.port8443.toString(), "--ca", emu.caPath.toString(),
                        "--cert", device.certificatePath.toString(), "--key", device.privateKeyPath.toString(),
                        "--thing", thing, "--topic", "flags/$sample", "--message", "from flags",
                    ),
                    BasicDiscovery.FLAGS,
                )
                BasicDiscovery.awsConfig(options).endpoint shouldBe emu.endpoint
                val lines = mutableListOf<String>()
                val used = if (sample ==
                    "kotlin"
                ) {
                    BasicDiscovery.run(options) { lines += it }
                } else {
                    BasicDiscoveryJava.run(options) { lines += it }
                }
                used shouldContain "127.0.0.1"
                lines.joinToString("\n") shouldContain "published to 'flags/$sample'"
                emu.awaitEvent {
                    it is EmulatorEvent.MessagePublished && it.topic == "flags/$sample" && it.clientId == thing
                }
            }
        }

        test("an AWS endpoint name selects the region's discovery host") {
            val device = emu.registerThing("gg-region")
            val options = SampleOptions.parse(
                arrayOf(
                    "--endpoint",
                    "abc123-ats.iot.eu-west-1.amazonaws.com",
                    "--cert",
                    device.certificatePath.toString(),
                    "--key",
                    device.privateKeyPath.toString(),
                ),
                BasicDiscovery.FLAGS,
            )
            val config = BasicDiscovery.awsConfig(options)
            config.endpoint shouldBe "greengrass-ats.iot.eu-west-1.amazonaws.com"
            config.port shouldBe 8443
        }
    })
