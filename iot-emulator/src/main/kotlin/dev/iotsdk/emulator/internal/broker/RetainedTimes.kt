package dev.iotsdk.emulator.internal.broker

import java.util.concurrent.ConcurrentHashMap

/** When the retained message of each topic was last stored, epoch milliseconds (the data plane's lastModifiedTime). */
internal class RetainedTimes {
    private val times = ConcurrentHashMap<String, Long>()

    fun touch(topic: String) {
        times[topic] = System.currentTimeMillis()
    }

    fun remove(topic: String) {
        times.remove(topic)
    }

    /** The last time [topic]'s retained message was stored, or 0 when unknown. */
    operator fun get(topic: String): Long = times[topic] ?: 0L
}
