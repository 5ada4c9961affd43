package dev.iotsdk.samples.commands

import dev.iotsdk.samples.runSample
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class CommandsSamplesTest :
    FunSpec({
        test("the Kotlin commands sample runs its executions against the embedded emulator") {
            val run = runSample(CommandsSample::class.java.name)
            run.status shouldBe 0
            // two blinks succeed with the emulator agreeing; the text/plain command has no handler and is rejected
            Regex("-> SUCCEEDED \\(SUCCEEDED\\)").findAll(run.output).count() shouldBe 2
            run.output shouldContain "-> REJECTED (REJECTED)"
        }

        test("the Java commands sample runs its executions against the embedded emulator") {
            val run = runSample(CommandsSampleJava::class.java.name)
            run.status shouldBe 0
            Regex("Finished\\([^)]*, SUCCEEDED, accepted=true\\)").findAll(run.output).count() shouldBe 2
        }
    })
