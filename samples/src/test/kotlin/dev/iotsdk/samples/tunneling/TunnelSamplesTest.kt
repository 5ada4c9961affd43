package dev.iotsdk.samples.tunneling

import dev.iotsdk.emulator.IotEmulator
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain

class TunnelSamplesTest :
    FunSpec({
        test("TunnelSample runs a shell session through the emulator's tunnel") {
            val lines = mutableListOf<String>()
            IotEmulator.start().use { emulator -> TunnelSample.run(emulator) { lines += it } }
            lines shouldContain "session: welcome to the device"
            lines shouldContain "session: $ whoami -> pi"
            lines shouldContain "session: $ exit -> logout"
        }

        test("TunnelSampleJava runs from Java") {
            TunnelSampleJava.main(emptyArray())
        }
    })
