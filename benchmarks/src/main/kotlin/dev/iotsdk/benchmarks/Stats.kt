package dev.iotsdk.benchmarks

import com.sun.management.ThreadMXBean
import java.io.IOException
import java.lang.management.ManagementFactory
import java.nio.file.Files
import java.nio.file.Paths

/** The value at quantile [q] (0..1) of [sorted] (nearest rank). */
internal fun percentile(sorted: DoubleArray, q: Double): Double {
    require(sorted.isNotEmpty()) { "no samples" }
    val rank = Math.ceil(q * sorted.size).toInt().coerceIn(1, sorted.size)
    return sorted[rank - 1]
}

internal fun median(values: List<Double>): Double {
    require(values.isNotEmpty()) { "no values" }
    val s = values.sorted()
    val mid = s.size / 2
    return if (s.size % 2 == 1) s[mid] else (s[mid - 1] + s[mid]) / 2
}

/** Resident set size of this process in bytes, from `/proc/self/status` (0 where there is no procfs). */
internal fun rssBytes(): Long = try {
    Files.readAllLines(Paths.get("/proc/self/status"))
        .firstOrNull { it.startsWith("VmRSS:") }
        ?.split(Regex("\\s+"))?.get(1)?.toLong()?.times(1024) ?: 0L
} catch (e: IOException) {
    0L
}

/** Heap in use after asking for a full collection a few times (G1 honours `System.gc()` with a full GC). */
internal fun settledHeapBytes(): Long {
    val memory = ManagementFactory.getMemoryMXBean()
    repeat(3) { System.gc() }
    return memory.heapMemoryUsage.used
}

internal fun threadCount(): Int = ManagementFactory.getThreadMXBean().threadCount

/**
 * Bytes allocated so far by the threads alive now (HotSpot's per-thread counters); the difference of two readings is
 * what those threads allocated in between (threads that ended meanwhile are not counted).
 */
internal fun allocatedBytes(): Long {
    val threads = ManagementFactory.getThreadMXBean() as? ThreadMXBean ?: return 0L
    return threads.getThreadAllocatedBytes(threads.allThreadIds).filter { it > 0 }.sum()
}
