package dev.iotsdk.samples.dataplane

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.string.shouldContain

class DataPlaneSamplesTest :
    FunSpec({
        test("CompanionAppJava without --endpoint plays the lamp and the app on its own emulator") {
            val lines = mutableListOf<String>()
            CompanionAppJava.runOnEmulator { lines += it }
            lines.joinToString("\n") shouldContain "app: the lamp reported version 3"
            lines shouldContain "app: retained lamps/java-lamp/status"
        }
    })
