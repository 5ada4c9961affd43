package dev.iotsdk.emulator.internal.defender

import dev.iotsdk.emulator.defender.ReceivedReport
import java.util.concurrent.ConcurrentHashMap

/** The reports each thing sent, the last accepted report per thing, and the throttling setting. */
internal class DefenderStore {
    /** Reports by thing, oldest first; each list is guarded by itself. */
    val reports: ConcurrentHashMap<String, MutableList<ReceivedReport>> = ConcurrentHashMap()

    /** The last accepted report id and when it arrived (epoch ms), by thing. */
    val lastAccepted: ConcurrentHashMap<String, Pair<Long, Long>> = ConcurrentHashMap()

    /** Reports of one thing closer together than this are rejected `Throttled` (0: off, the default). */
    @Volatile
    var minimumIntervalMillis: Long = 0

    /** How many reports are kept per thing (the oldest go). */
    val keepPerThing: Int = KEEP

    fun add(report: ReceivedReport) {
        val list = reports.computeIfAbsent(report.thingName) { ArrayList() }
        synchronized(list) {
            list += report
            if (list.size > keepPerThing) list.removeAt(0)
        }
    }

    private companion object {
        private const val KEEP = 1000
    }
}
