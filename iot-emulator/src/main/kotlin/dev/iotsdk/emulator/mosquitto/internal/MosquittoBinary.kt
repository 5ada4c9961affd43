package dev.iotsdk.emulator.mosquitto.internal

import java.io.File
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths

/** Finds the mosquitto executable: `MOSQUITTO_BIN`, `/usr/sbin/mosquitto`, `/usr/bin/mosquitto`, then `PATH`. */
internal object MosquittoBinary {
    fun find(): Path? {
        val candidates = buildList {
            System.getenv("MOSQUITTO_BIN")?.takeIf { it.isNotBlank() }?.let { add(Paths.get(it)) }
            add(Paths.get("/usr/sbin/mosquitto"))
            add(Paths.get("/usr/bin/mosquitto"))
            System.getenv("PATH").orEmpty().split(File.pathSeparator).filter { it.isNotBlank() }
                .forEach { add(Paths.get(it, "mosquitto")) }
        }
        return candidates.firstOrNull { Files.isRegularFile(it) && Files.isExecutable(it) }
    }
}
