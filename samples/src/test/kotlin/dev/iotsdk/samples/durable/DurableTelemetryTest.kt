package dev.iotsdk.samples.durable

import dev.iotsdk.samples.runSample
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class DurableTelemetryTest :
    FunSpec({
        test("the Kotlin sample delivers every reading stored while offline after the device restarts") {
            val run = runSample("dev.iotsdk.samples.durable.DurableTelemetry")
            run.output shouldContain "stored 20 readings while offline"
            run.output shouldContain "monitor received 20 of 20 readings"
            run.status shouldBe 0
        }

        test("the Java sample does the same through the Java view") {
            val run = runSample("dev.iotsdk.samples.durable.DurableTelemetryJava")
            run.output shouldContain "monitor received 20 of 20 readings"
            run.status shouldBe 0
        }
    })
