package dev.iotsdk.samples.heater

import dev.iotsdk.samples.runSample
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

/** The heater samples' `main`s on their own emulator, as a user runs them. */
class HeaterDeviceTest :
    FunSpec({
        for (sample in listOf("HeaterDevice", "HeaterDeviceJava")) {
            test("$sample announces its state, applies the app's target and answers") {
                val run = runSample("dev.iotsdk.samples.heater.$sample")
                withClue(run.output) {
                    run.status shouldBe 0
                    run.output shouldContain "app: the device announced {\"target\":20.0"
                    run.output shouldContain "app: the device answered {\"target\":21.5"
                    run.output shouldContain "done"
                }
            }
        }
    })
