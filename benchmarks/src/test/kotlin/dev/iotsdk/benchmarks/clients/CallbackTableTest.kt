package dev.iotsdk.benchmarks.clients

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class CallbackTableTest :
    FunSpec({
        test("a message reaches the callback of every filter it matches, and only those") {
            val table = CallbackTable()
            val got = mutableListOf<String>()
            table.add("b/fast/#") { t, _ -> got += "fast:$t" }
            table.add("b/slow/#") { t, _ -> got += "slow:$t" }
            table.add("b/+/probe") { t, _ -> got += "probe:$t" }
            table.dispatch("b/fast/probe", ByteArray(0))
            table.dispatch("b/slow/data", ByteArray(0))
            table.dispatch("b/other/data/x", ByteArray(0))
            table.dispatch("b/fast", ByteArray(0))
            got shouldBe listOf("fast:b/fast/probe", "probe:b/fast/probe", "slow:b/slow/data", "fast:b/fast")
        }
    })
