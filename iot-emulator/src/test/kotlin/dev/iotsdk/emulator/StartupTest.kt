package dev.iotsdk.emulator

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import kotlin.time.measureTimedValue

/** Measures a warm start (another emulator already ran in this JVM) and idle memory; prints the figures. */
class StartupTest : FunSpec({
    test("a warm start is fast, close releases the ports and deletes the data folder") {
        IotEmulator.start().close() // warm-up (another spec may already have warmed the JVM)
        val (emu, took) = measureTimedValue { IotEmulator { enablePlainPort = false } }
        try {
            emu.plainPort shouldBe null
            System.gc()
            val rt = Runtime.getRuntime()
            val heapMb = (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024)
            val rss = runCatching { Files.readAllLines(java.nio.file.Paths.get("/proc/self/status")).first { it.startsWith("VmRSS") } }.getOrDefault("VmRSS: n/a")
            println("EMULATOR-METRICS warm start: $took; heap used after GC: ${heapMb} MB; $rss (whole test JVM)")
        } finally {
            val dir = emu.dataDirectory
            emu.close()
            Files.exists(dir) shouldBe false
        }
        emu.close() // idempotent
    }
})
