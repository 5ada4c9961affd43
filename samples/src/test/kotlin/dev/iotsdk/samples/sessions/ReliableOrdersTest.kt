package dev.iotsdk.samples.sessions

import dev.iotsdk.samples.runSample
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class ReliableOrdersTest :
    FunSpec({
        val afterRestart = listOf(3, 4, 5).map { "after the restart: processed order-$it" }

        test("the Kotlin sample processes the order it had not acknowledged again after the crash, then the new ones") {
            val run = runSample("dev.iotsdk.samples.sessions.ReliableOrders")
            run.output shouldContain "processed order-2"
            run.output shouldContain "received order-3, then the device crashed before processing it"
            afterRestart.forEach { run.output shouldContain it }
            run.status shouldBe 0
        }

        test("the Java sample does the same through the Java view") {
            val run = runSample("dev.iotsdk.samples.sessions.ReliableOrdersJava")
            afterRestart.forEach { run.output shouldContain it }
            run.status shouldBe 0
        }
    })
