package dev.iotsdk.samples.docs

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldNotBeEmpty
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import org.jetbrains.kotlin.cli.common.ExitCode
import org.jetbrains.kotlin.cli.jvm.K2JVMCompiler
import java.io.ByteArrayOutputStream
import java.io.File
import java.io.PrintStream
import java.nio.file.Files
import java.nio.file.Path
import javax.tools.ToolProvider

/**
 * Issue 22 item 1: every ```kotlin and ```java block of the guides in `docs/` compiles against the SDK, as a user's
 * project has it (one Kotlin compiler run, with the kotlinx.serialization plugin, and one javac run for all blocks), so
 * a guide cannot drift from the API. The README's two programs are compiled and run by `ReadmeSnippetsTest`.
 */
class DocSnippetsTest :
    FunSpec({
        val snippets = DocSnippet.all(Path.of("..", "docs"))
        val classpath = System.getProperty("surefire.test.class.path") ?: System.getProperty("java.class.path")
        val dir = Files.createTempDirectory("doc-snippets")
        val (kotlinFiles, javaFiles) = DocSnippetSources.write(snippets, dir)
        Files.writeString(dir.resolve("classpath.txt"), classpath) // to compile the generated sources again by hand

        test("the guides hold Kotlin and Java snippets") {
            snippets.count { it.language == "kotlin" } shouldBeGreaterThan 20
            snippets.count { it.language == "java" } shouldBeGreaterThan 15
        }

        test("every Kotlin snippet of docs/*.md compiles") {
            val plugin = classpath.split(File.pathSeparator)
                .single { "kotlin-serialization-compiler-plugin-embeddable" in it }
            val messages = ByteArrayOutputStream()
            val code = K2JVMCompiler().exec(
                PrintStream(messages),
                *arrayOf(
                    "-no-stdlib", "-no-reflect", "-jvm-target", "17", "-Xplugin=$plugin",
                    "-classpath", classpath, "-d", dir.resolve("kotlin-classes").toString(),
                ),
                *kotlinFiles.map { it.toString() }.toTypedArray(),
            )
            withClue(errorsOnly(messages.toString())) { code shouldBe ExitCode.OK }
        }

        test("every Java snippet of docs/*.md compiles") {
            val out = Files.createDirectories(dir.resolve("java-classes"))
            val errors = ByteArrayOutputStream()
            val status = ToolProvider.getSystemJavaCompiler().run(
                null,
                null,
                errors,
                *arrayOf("-proc:none", "-classpath", classpath, "-d", out.toString()),
                *javaFiles.map { it.toString() }.toTypedArray(),
            )
            withClue(errors.toString()) { status shouldBe 0 }
        }

        test("a snippet that no longer matches the API fails the compile") {
            val broken = DocSnippet("broken.md", 1, "kotlin", "mqtt.publishh(\"t\", \"x\")")
            val source = dir.resolve("broken").also { Files.createDirectories(it) }.resolve("Broken.kt")
            Files.writeString(source, DocSnippetSources.kotlin(broken))
            val context = kotlinFiles.single { it.endsWith("KotlinContext.kt") }
            val messages = ByteArrayOutputStream()
            val code = K2JVMCompiler().exec(
                PrintStream(messages),
                "-no-stdlib", "-no-reflect", "-jvm-target", "17", "-classpath", classpath,
                "-d", dir.resolve("broken-classes").toString(), source.toString(), context.toString(),
            )
            code shouldBe ExitCode.COMPILATION_ERROR
            errorsOnly(messages.toString()).lines().filter { "publishh" in it }.shouldNotBeEmpty()
        }
    })

/** The compiler's error lines (warnings left out), each naming the generated file, whose first line names the doc. */
private fun errorsOnly(messages: String): String = messages.lines().filter { "error:" in it }.joinToString("\n")
