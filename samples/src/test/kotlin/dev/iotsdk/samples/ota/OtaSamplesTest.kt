package dev.iotsdk.samples.ota

import dev.iotsdk.samples.runSample
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class OtaSamplesTest :
    FunSpec({
        test("the Kotlin OTA device downloads, verifies, installs and reports SUCCEEDED through the job runner") {
            val run = runSample("dev.iotsdk.samples.ota.OtaDevice")
            run.output shouldContain "downloaded 100%"
            run.output shouldContain "ota-fw-2 is SUCCEEDED"
            run.status shouldBe 0
        }

        test("the Java OTA device does the same through the Java views") {
            val run = runSample("dev.iotsdk.samples.ota.OtaDeviceJava")
            run.output shouldContain "verified and installed"
            run.output shouldContain "ota-java-1 is SUCCEEDED"
            run.status shouldBe 0
        }
    })
