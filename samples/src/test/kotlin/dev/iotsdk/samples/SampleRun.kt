package dev.iotsdk.samples

import java.io.File
import java.nio.file.Paths
import java.util.concurrent.TimeUnit

/** What a sample's `main` printed and the status it exited with, run in a JVM of its own. */
internal class SampleRun(val status: Int, val output: String)

/**
 * Runs [mainClass] with [args] in a new JVM on this test's classpath ([env] added to the environment) and waits for
 * it to exit: the only way to check a `main` that ends with `exitProcess`.
 */
internal fun runSample(
    mainClass: String,
    vararg args: String,
    env: Map<String, String> = emptyMap(),
    timeoutSeconds: Long = 120,
    extraClasspath: String? = null,
): SampleRun {
    val java = Paths.get(System.getProperty("java.home"), "bin", "java").toString()
    val testClasspath = System.getProperty("surefire.test.class.path") ?: System.getProperty("java.class.path")
    val classpath = listOfNotNull(extraClasspath, testClasspath).joinToString(File.pathSeparator)
    val process = ProcessBuilder(listOf(java, "-cp", classpath, mainClass) + args)
        .redirectErrorStream(true)
        .also { it.environment() += env }
        .start()
    val output = StringBuilder()
    val reader = Thread { process.inputStream.bufferedReader().forEachLine { output.appendLine(it) } }.apply { start() }
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly()
        reader.join(5_000)
        throw AssertionError(
            "$mainClass ${args.joinToString(" ")} did not exit within $timeoutSeconds s; output:\n$output",
        )
    }
    reader.join(5_000)
    return SampleRun(process.exitValue(), output.toString())
}
