package dev.iotsdk.emulator.mosquitto.internal

import java.io.IOException
import java.io.InputStream

/** Keeps the last [maxLines] lines of a process's output, read on a daemon thread until end of stream. */
internal class LogTail(input: InputStream, name: String, private val maxLines: Int = 200) {
    private val lines = ArrayDeque<String>()
    private val reader = Thread({
        try {
            input.bufferedReader().forEachLine { line ->
                synchronized(lines) {
                    lines.addLast(line)
                    if (lines.size > maxLines) lines.removeFirst()
                }
            }
        } catch (e: IOException) {
            // the process is gone: its output ends here
        }
    }, name).apply {
        isDaemon = true
        start()
    }

    /** The lines kept so far, joined by newlines. */
    fun text(): String = synchronized(lines) { lines.joinToString("\n") }

    /** Waits up to [millis] for the process's output to end. */
    fun join(millis: Long) {
        reader.join(millis)
    }
}
