package dev.iotsdk.samples.docs

import java.nio.file.Files
import java.nio.file.Path

/**
 * One fenced ```kotlin or ```java block of a guide in `docs/`: where it is ([doc], [line]) and its [code]. The block
 * is compiled as the body of a function (statements) with its leading `import` lines and its top-level declarations
 * (classes, objects, functions) moved to the file around it: see [DocSnippetSources].
 */
internal class DocSnippet(val doc: String, val line: Int, val language: String, val code: String) {
    /** A package name unique to this block, e.g. `docsnippets.iot_core_md_l67`. */
    val packageName: String = "docsnippets." + doc.replace(Regex("[^A-Za-z0-9]"), "_").lowercase() + "_l$line"

    /** The block's leading `import` lines. */
    val imports: List<String> get() = code.lines().takeWhile { it.startsWith("import ") || it.isBlank() }
        .filter { it.isNotBlank() }

    /** The block without its imports, split into top-level declarations and the statements of its body. */
    fun split(): Pair<String, String> {
        val lines = code.lines().dropWhile { it.startsWith("import ") || it.isBlank() }
        val declarations = StringBuilder()
        val body = StringBuilder()
        var i = 0
        while (i < lines.size) {
            if (!startsDeclaration(lines[i])) {
                body.appendLine(lines[i++])
                continue
            }
            var depth = 0
            var opened = false
            while (i < lines.size) {
                val l = lines[i++]
                declarations.appendLine(l)
                depth += l.count { it == '{' || it == '(' } - l.count { it == '}' || it == ')' }
                opened = opened || '{' in l || (language == "kotlin" && !l.trimStart().startsWith("@"))
                if (depth == 0 && opened) break
            }
        }
        return declarations.toString() to body.toString()
    }

    private fun startsDeclaration(line: String): Boolean = when (language) {
        "kotlin" -> DECLARATION_KT.containsMatchIn(line)
        else -> DECLARATION_JAVA.containsMatchIn(line)
    }

    override fun toString(): String = "docs/$doc:$line ($language)"

    companion object {
        private val DECLARATION_KT = Regex("^(@\\w|class |data class |object |interface |enum class |fun )")
        private val DECLARATION_JAVA = Regex("^(@\\w|class |public class |record |interface )")
        private val FENCE = Regex("```(kotlin|java)\\n(.*?)\\n```", RegexOption.DOT_MATCHES_ALL)

        /**
         * The pages that are not guides: `benchmarks.md` quotes excerpts of the benchmark harness (its clients live in
         * `benchmarks/`, built and run by the benchmark build), not code a user writes.
         */
        private val NOT_GUIDES = setOf("benchmarks.md")

        /** Every ```kotlin and ```java block of the guides (Markdown files) in [docs]. */
        fun all(docs: Path): List<DocSnippet> = Files.list(docs).use { files ->
            files.filter { it.toString().endsWith(".md") && it.fileName.toString() !in NOT_GUIDES }.sorted().toList()
        }.flatMap { file ->
            val text = Files.readString(file)
            FENCE.findAll(text).map { m ->
                val line = text.substring(0, m.range.first).count { it == '\n' } + 1
                DocSnippet(file.fileName.toString(), line, m.groupValues[1], m.groupValues[2])
            }.toList()
        }
    }
}
