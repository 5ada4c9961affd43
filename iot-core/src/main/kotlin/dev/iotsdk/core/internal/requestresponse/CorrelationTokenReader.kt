package dev.iotsdk.core.internal.requestresponse

import java.nio.charset.CharacterCodingException

/** What reading one top-level field of a JSON response gave. */
internal sealed interface FieldReadResult {
    /** The field is present and is a string; [value] is unescaped. */
    class Found(val value: String) : FieldReadResult

    /** The document is valid JSON but has no such top-level string field (absent, `null`, or not a string). */
    object Absent : FieldReadResult

    /** The payload is not valid UTF-8 JSON. */
    class Malformed(val reason: String) : FieldReadResult
}

/**
 * Reads the correlation token (and other top-level string fields, such as a rejection's `code`/`message`) from a
 * response payload. Behind an interface so a kotlinx.serialization `JsonElement` implementation can replace the
 * hand-written one once iot-core depends on `kotlinx-serialization-json`.
 */
internal interface CorrelationTokenReader {
    /** Reads the top-level field [field] of [payload] as a string. Numbers are returned as their literal text. */
    fun read(payload: ByteArray, field: String): FieldReadResult
}

/**
 * A strict JSON parser (RFC 8259) that validates the whole document and keeps only the top-level scalar members.
 * Strings are unescaped (`\uXXXX` including surrogate pairs); nesting deeper than [MAX_DEPTH] is refused as
 * malformed rather than risking a stack overflow.
 */
internal object ScanningCorrelationTokenReader : CorrelationTokenReader {
    private const val MAX_DEPTH = 256

    override fun read(payload: ByteArray, field: String): FieldReadResult {
        val members = try {
            topLevelScalars(payload)
        } catch (e: MalformedJson) {
            return FieldReadResult.Malformed(e.message ?: "malformed JSON")
        }
        val value = members[field] ?: return FieldReadResult.Absent
        return FieldReadResult.Found(value)
    }

    /** The top-level members whose value is a string or number, by name (the last of duplicated names wins). */
    fun topLevelScalars(payload: ByteArray): Map<String, String> {
        val text = try {
            payload.decodeToString(throwOnInvalidSequence = true)
        } catch (e: CharacterCodingException) {
            throw MalformedJson("payload is not valid UTF-8")
        }
        return Parser(text).document()
    }

    private class MalformedJson(message: String) : Exception(message)

    private class Parser(private val s: String) {
        private var i = 0
        private val members = HashMap<String, String>()

        fun document(): Map<String, String> {
            skipWs()
            value(depth = 0, topLevelObject = true)
            skipWs()
            if (i != s.length) fail("unexpected content after the JSON value")
            return members
        }

        private fun fail(what: String): Nothing = throw MalformedJson("$what at offset $i")

        private fun skipWs() {
            while (i < s.length && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++
        }

        /** Parses one value; returns its scalar text for strings and numbers, else null. */
        private fun value(depth: Int, topLevelObject: Boolean = false): String? {
            if (depth > MAX_DEPTH) fail("nesting deeper than $MAX_DEPTH")
            if (i >= s.length) fail("unexpected end of input")
            return when (val c = s[i]) {
                '{' -> { obj(depth, topLevelObject); null }
                '[' -> { array(depth); null }
                '"' -> string()
                't' -> { literal("true"); null }
                'f' -> { literal("false"); null }
                'n' -> { literal("null"); null }
                else -> if (c == '-' || c in '0'..'9') number() else fail("unexpected character '$c'")
            }
        }

        private fun obj(depth: Int, record: Boolean) {
            i++ // {
            skipWs()
            if (i < s.length && s[i] == '}') { i++; return }
            while (true) {
                skipWs()
                if (i >= s.length || s[i] != '"') fail("expected a member name")
                val name = string()
                skipWs()
                if (i >= s.length || s[i] != ':') fail("expected ':'")
                i++
                skipWs()
                val v = value(depth + 1)
                if (record) {
                    if (v != null) members[name] = v else members.remove(name)
                }
                skipWs()
                if (i >= s.length) fail("unterminated object")
                when (s[i]) {
                    ',' -> i++
                    '}' -> { i++; return }
                    else -> fail("expected ',' or '}'")
                }
            }
        }

        private fun array(depth: Int) {
            i++ // [
            skipWs()
            if (i < s.length && s[i] == ']') { i++; return }
            while (true) {
                skipWs()
                value(depth + 1)
                skipWs()
                if (i >= s.length) fail("unterminated array")
                when (s[i]) {
                    ',' -> i++
                    ']' -> { i++; return }
                    else -> fail("expected ',' or ']'")
                }
            }
        }

        private fun literal(word: String) {
            if (!s.startsWith(word, i)) fail("invalid literal")
            i += word.length
        }

        private fun number(): String {
            val start = i
            if (s[i] == '-') i++
            if (i >= s.length) fail("invalid number")
            if (s[i] == '0') {
                i++
            } else if (s[i] in '1'..'9') {
                while (i < s.length && s[i] in '0'..'9') i++
            } else {
                fail("invalid number")
            }
            if (i < s.length && s[i] == '.') {
                i++
                digits()
            }
            if (i < s.length && (s[i] == 'e' || s[i] == 'E')) {
                i++
                if (i < s.length && (s[i] == '+' || s[i] == '-')) i++
                digits()
            }
            return s.substring(start, i)
        }

        private fun digits() {
            val start = i
            while (i < s.length && s[i] in '0'..'9') i++
            if (i == start) fail("invalid number")
        }

        private fun string(): String {
            i++ // opening quote
            val out = StringBuilder()
            while (true) {
                if (i >= s.length) fail("unterminated string")
                val c = s[i++]
                when {
                    c == '"' -> return out.toString()
                    c == '\\' -> escape(out)
                    c < ' ' -> fail("control character in string")
                    else -> out.append(c)
                }
            }
        }

        private fun escape(out: StringBuilder) {
            if (i >= s.length) fail("unterminated escape")
            when (val e = s[i++]) {
                '"' -> out.append('"')
                '\\' -> out.append('\\')
                '/' -> out.append('/')
                'b' -> out.append('\b')
                'f' -> out.append('\u000C')
                'n' -> out.append('\n')
                'r' -> out.append('\r')
                't' -> out.append('\t')
                'u' -> out.append(hex4())
                else -> fail("invalid escape '\\$e'")
            }
        }

        private fun hex4(): Char {
            if (i + 4 > s.length) fail("truncated \\u escape")
            var v = 0
            repeat(4) {
                val d = Character.digit(s[i++], 16)
                if (d < 0) fail("invalid \\u escape")
                v = v * 16 + d
            }
            return v.toChar()
        }
    }
}
