package dev.iotsdk.samples.defender

import dev.iotsdk.samples.runSample
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class DefenderSamplesTest :
    FunSpec({
        test("the Kotlin defender sample reports this machine's metrics to the embedded emulator") {
            val run = runSample(DefenderSample::class.java.name)
            run.status shouldBe 0
            run.output shouldContain "  Accepted("
            run.output shouldContain "accepted=true"
            run.output shouldContain "old report id rejected: InvalidPayload"
        }

        test("the Java defender sample's reporter gets its first report accepted by the embedded emulator") {
            val run = runSample(DefenderSampleJava::class.java.name)
            run.status shouldBe 0
            run.output shouldContain "  Accepted("
            run.output shouldContain "emulator holds 1 accepted report(s)"
        }
    })
