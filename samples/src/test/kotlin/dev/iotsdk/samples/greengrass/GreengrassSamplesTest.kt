package dev.iotsdk.samples.greengrass

import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.emulator.EmulatorEvent
import dev.iotsdk.emulator.IotEmulatorExtension
import dev.iotsdk.greengrass.GreengrassDiscoveryConfig
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.string.shouldContain

class GreengrassSamplesTest : FunSpec({
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
        emu.awaitEvent { it is EmulatorEvent.MessagePublished && it.topic == "greengrass/tour" && it.clientId == "gg-tour-device" }
    }

    test("the Kotlin and Java basic discovery samples publish through the core") {
        BasicDiscovery.run(setUp("gg-kotlin-sample"), "gg-kotlin-sample", "sdk/test/kotlin", "hi") shouldContain "127.0.0.1"
        emu.awaitEvent { it is EmulatorEvent.MessagePublished && it.clientId == "gg-kotlin-sample" }
        BasicDiscoveryJava.run(setUp("gg-java-sample"), "gg-java-sample", "sdk/test/java", "hi") shouldContain "127.0.0.1"
        emu.awaitEvent { it is EmulatorEvent.MessagePublished && it.clientId == "gg-java-sample" }
    }
})
