package dev.iotsdk.samples

import java.io.ByteArrayOutputStream
import java.io.File
import java.io.PrintStream
import java.lang.reflect.InvocationTargetException
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
    // the test JVM's JIT thresholds (the root pom's test.jvm.flags), a quarter less CPU per sample JVM
    val jvmFlags = System.getProperty("iotsdk.test.jvm.flags").orEmpty().split(' ').filter { it.isNotBlank() }
    val process = ProcessBuilder(listOf(java) + jvmFlags + listOf("-cp", classpath, mainClass) + args)
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

/** Thrown instead of exiting while [runMainInProcess] runs a `main`; an [Error], so a sample's `catch (Exception)` lets it by. */
private class SampleExited(val status: Int) : Error("exit $status")

private val inProcess = Any()

/**
 * Runs [mainClass]'s `main` with [args] in this JVM, its standard output and error captured, with
 * [SampleOptions.exit] throwing instead of exiting: for `main`s that end before they start anything (`--help`, bad
 * flags), which would otherwise cost a JVM start each. Status 0 when `main` returns.
 */
internal fun runMainInProcess(mainClass: String, vararg args: String): SampleRun = synchronized(inProcess) {
    val captured = ByteArrayOutputStream()
    val stream = PrintStream(captured, true, Charsets.UTF_8)
    val (out, err, exit) = Triple(System.out, System.err, SampleOptions.exit)
    System.setOut(stream)
    System.setErr(stream)
    SampleOptions.exit = { status -> throw SampleExited(status) }
    val status = try {
        Class.forName(mainClass).getMethod("main", Array<String>::class.java).invoke(null, arrayOf(*args))
        0
    } catch (e: InvocationTargetException) {
        (e.cause as? SampleExited)?.status ?: throw e.cause ?: e
    } finally {
        SampleOptions.exit = exit
        System.setOut(out)
        System.setErr(err)
    }
    SampleRun(status, captured.toString(Charsets.UTF_8))
}
