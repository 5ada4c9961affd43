package dev.iotsdk.samples.controlplane

import dev.iotsdk.emulator.EmulatorEvent
import dev.iotsdk.test.IotEmulatorExtension
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.shouldBe

class FleetSetupTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())

        test(
            "things, certificates and a job created with the AWS SDK: the devices connect with iotsdk, run the " +
                "job, and the API reads SUCCEEDED",
        ) {
            val lines = mutableListOf<String>()
            val statuses = FleetSetup.run(emu, "fleet-job-1") { synchronized(lines) { lines += it } }
            statuses shouldBe (1..3).associate { "fleet-job-1-device-$it" to "SUCCEEDED" }
            lines shouldContain "iot:Data-ATS endpoint: localhost:${emu.port443}"
            emu.awaitEvent { it is EmulatorEvent.ClientConnected && it.thingName == "fleet-job-1-device-2" }
            emu.jobExecution("fleet-job-1-device-3", "fleet-job-1")?.statusDetails shouldBe mapOf("blinked" to "3")
        }
    })
