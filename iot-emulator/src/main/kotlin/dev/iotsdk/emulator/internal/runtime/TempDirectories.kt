package dev.iotsdk.emulator.internal.runtime

import java.nio.file.Files
import java.nio.file.Path
import java.util.Comparator
import java.util.concurrent.ConcurrentHashMap

/** Temporary data directories of emulators still open, deleted at JVM exit if their emulator was never closed. */
internal object TempDirectories {
    private val open: MutableSet<Path> = ConcurrentHashMap.newKeySet()

    init {
        Runtime.getRuntime().addShutdownHook(
            Thread({ ArrayList(open).forEach { runCatching { deleteRecursively(it) } } }, "iot-emulator-temp-cleanup"),
        )
    }

    fun register(path: Path) {
        open.add(path)
    }

    fun unregister(path: Path) {
        open.remove(path)
    }

    fun deleteRecursively(path: Path) {
        if (!Files.exists(path)) return
        Files.walk(path).use { stream ->
            stream.sorted(Comparator.reverseOrder()).forEach { runCatching { Files.deleteIfExists(it) } }
        }
    }
}
