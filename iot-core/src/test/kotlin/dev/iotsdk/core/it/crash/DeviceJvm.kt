package dev.iotsdk.core.it.crash

import java.nio.file.Paths

/**
 * The command that runs [main] with [args] in a JVM of its own on this test's classpath, with the test JVM's JIT
 * flags (the root pom's `test.jvm.flags`): the crash tests' device processes.
 */
internal fun deviceJvmCommand(main: String, vararg args: String): List<String> {
    val java = Paths.get(System.getProperty("java.home"), "bin", "java").toString()
    val classpath = System.getProperty("surefire.test.class.path") ?: System.getProperty("java.class.path")
    val flags = System.getProperty("iotsdk.test.jvm.flags").orEmpty().split(' ').filter { it.isNotBlank() }
    return listOf(java) + flags + listOf("-cp", classpath, main) + args
}
