package dev.iotsdk.emulator.proxy.internal

import java.util.concurrent.ConcurrentHashMap

/** Starts the proxy's daemon threads and keeps every live one, so closing can join them all. */
internal class ProxyThreads(private val namePrefix: String) {
    private val live = ConcurrentHashMap.newKeySet<Thread>()

    /** Starts [block] on a new daemon thread named `<prefix>-<name>`. */
    fun start(name: String, block: () -> Unit): Thread {
        val thread = Thread({
            try {
                block()
            } finally {
                live.remove(Thread.currentThread())
            }
        }, "$namePrefix-$name")
        thread.isDaemon = true
        live.add(thread)
        thread.start()
        return thread
    }

    /** Joins every thread started so far, and those they start meanwhile, for at most [timeoutMillis] in all. */
    fun joinAll(timeoutMillis: Long) {
        val deadline = System.nanoTime() + timeoutMillis * NANOS_PER_MILLI
        while (true) {
            val thread = live.firstOrNull { it !== Thread.currentThread() } ?: return
            val leftMillis = (deadline - System.nanoTime()) / NANOS_PER_MILLI
            if (leftMillis <= 0) return
            thread.join(leftMillis)
            if (!thread.isAlive) live.remove(thread)
        }
    }

    private companion object {
        const val NANOS_PER_MILLI = 1_000_000L
    }
}
