package dev.iotsdk.benchmarks

import java.io.IOException
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.time.OffsetDateTime
import java.time.ZoneOffset
import java.util.concurrent.TimeUnit

/** What the results were measured on, recorded with them. */
internal class Environment(
    val date: String,
    val java: String,
    val mosquitto: String,
    val cpus: Int,
    val memory: String,
    val loadAverage: String,
    val openFilesLimit: String,
    val os: String,
) {
    fun asMap(): Map<String, String> = linkedMapOf(
        "date" to date,
        "java" to java,
        "mosquitto" to mosquitto,
        "cpus" to cpus.toString(),
        "memory" to memory,
        "loadAverageAtStart" to loadAverage,
        "openFilesLimit" to openFilesLimit,
        "os" to os,
    )

    companion object {
        fun capture(): Environment = Environment(
            date = OffsetDateTime.now(ZoneOffset.UTC).withNano(0).toString(),
            java = "${System.getProperty("java.vm.name")} ${System.getProperty("java.runtime.version")} " +
                "(${System.getProperty("java.vm.vendor")})",
            mosquitto = mosquittoVersion(),
            cpus = Runtime.getRuntime().availableProcessors(),
            memory = procLine("/proc/meminfo", "MemTotal:") ?: "unknown",
            loadAverage = read("/proc/loadavg")?.split(' ')?.take(3)?.joinToString(" ") ?: "unknown",
            openFilesLimit = procLine("/proc/self/limits", "Max open files")?.replace(Regex("\\s+"), " ") ?: "unknown",
            os = "${System.getProperty(
                "os.name",
            )} ${System.getProperty("os.version")} ${System.getProperty("os.arch")}",
        )

        /** `mosquitto -h`'s first line, found the way the emulator's launcher finds the binary. */
        private fun mosquittoVersion(): String {
            val candidates =
                listOfNotNull(System.getenv("MOSQUITTO_BIN"), "/usr/sbin/mosquitto", "/usr/bin/mosquitto") +
                    (System.getenv("PATH") ?: "").split(':').filter { it.isNotEmpty() }.map { "$it/mosquitto" }
            val binary = candidates.map { Paths.get(it) }.firstOrNull { Files.isExecutable(it) } ?: return "not found"
            return try {
                val p = ProcessBuilder(binary.toString(), "-h").redirectErrorStream(true).start()
                val first = p.inputStream.bufferedReader().readLine() ?: ""
                p.waitFor(5, TimeUnit.SECONDS)
                p.destroy()
                first.trim()
            } catch (e: IOException) {
                "unknown ($e)"
            }
        }

        private fun read(path: String): String? = try {
            Files.readString(Path.of(path)).trim()
        } catch (e: IOException) {
            null
        }

        private fun procLine(path: String, prefix: String): String? =
            read(path)?.lines()?.firstOrNull { it.startsWith(prefix) }?.removePrefix(prefix)?.trim()
    }
}
