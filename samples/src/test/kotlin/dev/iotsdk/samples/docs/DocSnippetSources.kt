package dev.iotsdk.samples.docs

import java.nio.file.Files
import java.nio.file.Path

/**
 * Writes the guides' snippets as compilable sources: each block in a package of its own, its statements in the body of
 * a function (Kotlin: `suspend fun CoroutineScope.snippet()`, Java: `void run() throws Exception` of a class extending
 * `docsnippets.JavaContext`), its imports and declarations around them, and the SDK's public packages imported on
 * demand (the guides leave out imports). What a snippet takes as given (`mqtt`, `certPath`, `scope`…) is declared with
 * its type in `doc-snippets/KotlinContext.kt` and `doc-snippets/JavaContext.java`.
 */
internal object DocSnippetSources {
    private val sdkPackages = listOf(
        "auth", "commands", "common", "common.java", "core", "dataplane", "defender", "emulator", "greengrass", "jobs",
        "model", "model.commands", "model.greengrass", "model.jobs", "model.provisioning", "model.shadow",
        "provisioning", "shadow", "streams", "test", "tunneling",
    ).map { "dev.iotsdk.$it" } + "dev.iotsdk.samples.heater"

    private val kotlinImports = (
        sdkPackages + "docsnippets" + listOf(
            "kotlinx.coroutines",
            "kotlinx.coroutines.flow",
            "kotlinx.coroutines.test",
            "kotlinx.serialization",
            "kotlinx.serialization.json",
        )
        ).map { "import $it.*" } +
        listOf(
            "java.nio.file.Path",
            "kotlin.time.Duration.Companion.hours",
            "kotlin.time.Duration.Companion.milliseconds",
            "kotlin.time.Duration.Companion.minutes",
            "kotlin.time.Duration.Companion.seconds",
            "io.kotest.core.spec.style.FunSpec",
            "io.kotest.core.extensions.install",
        ).map { "import $it" }

    private val javaImports = (
        sdkPackages + listOf(
            "java.util",
            "java.util.concurrent",
            "java.nio.file",
            "org.junit.jupiter.api",
        )
        ).map { "import $it.*;" } +
        listOf("java.nio.charset.StandardCharsets", "java.time.Duration", "org.junit.jupiter.api.extension.ExtendWith")
            .map { "import $it;" }

    /** The Kotlin source of [snippet]. */
    fun kotlin(snippet: DocSnippet): String {
        val (declarations, body) = snippet.split()
        return buildString {
            appendLine("// $snippet")
            appendLine("@file:Suppress(\"UNUSED_VARIABLE\", \"UNUSED_PARAMETER\", \"UNREACHABLE_CODE\")")
            appendLine("package ${snippet.packageName}")
            (kotlinImports + snippet.imports).forEach { appendLine(it) }
            appendLine(declarations)
            appendLine("suspend fun CoroutineScope.snippet() {")
            append(body)
            appendLine("}")
        }
    }

    /** The Java source of [snippet]: a class `Snippet`. */
    fun java(snippet: DocSnippet): String {
        val (declarations, body) = snippet.split()
        return buildString {
            appendLine("// $snippet")
            appendLine("package ${snippet.packageName};")
            (javaImports + snippet.imports).forEach { appendLine(it) }
            appendLine("class Snippet extends docsnippets.JavaContext {")
            append(declarations)
            appendLine("void run() throws Exception {")
            append(body)
            appendLine("}}")
        }
    }

    /** Writes every snippet and the two context files under [dir]; returns the Kotlin and the Java files. */
    fun write(snippets: List<DocSnippet>, dir: Path): Pair<List<Path>, List<Path>> {
        fun put(relative: String, text: String): Path = dir.resolve(relative).also {
            Files.createDirectories(it.parent)
            Files.writeString(it, text)
        }
        fun resource(name: String) = checkNotNull(javaClass.getResource("/doc-snippets/$name")) { name }.readText()
        val kotlin = snippets.filter { it.language == "kotlin" }
            .map { put("kotlin/${it.packageName.replace('.', '/')}.kt", kotlin(it)) } +
            listOf(put("kotlin/docsnippets/KotlinContext.kt", resource("KotlinContext.kt.txt")))
        val java = snippets.filter { it.language == "java" }
            .map { put("java/${it.packageName.replace('.', '/')}/Snippet.java", java(it)) } +
            listOf(put("java/docsnippets/JavaContext.java", resource("JavaContext.java.txt")))
        return kotlin to java
    }
}
