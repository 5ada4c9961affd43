package dev.iotsdk.auth.internal

/**
 * A parsed AWS shared `credentials` or `config` file: section name → lower-cased property → value.
 *
 * Follows the AWS CLI's INI dialect: `#` and `;` start comments (whole-line, or inline after whitespace), indented
 * lines continue the previous property (nested settings, ignored here), keys are case-insensitive.
 */
internal class AwsProfileFile private constructor(private val sections: Map<String, Map<String, String>>) {

    /** Properties of the profile [name]; in a config file `[profile name]`, `[default]` and `[name]` are accepted. */
    fun profile(name: String, isConfigFile: Boolean): Map<String, String>? = if (isConfigFile) {
        sections["profile $name"] ?: sections[name].takeIf { name == DEFAULT_PROFILE }
    } else {
        sections[name]
    }

    companion object {
        const val DEFAULT_PROFILE = "default"
        private val SECTION = Regex("""^\[\s*([^]]+?)\s*]""")

        fun parse(text: String): AwsProfileFile {
            val sections = linkedMapOf<String, MutableMap<String, String>>()
            var current: MutableMap<String, String>? = null
            for (rawLine in text.lineSequence()) {
                val line = rawLine.trimEnd('\r')
                val trimmed = line.trim()
                if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith(";")) continue
                if (line.first().isWhitespace()) continue // continuation of a nested property
                val section = SECTION.find(trimmed)
                if (section != null) {
                    val name = section.groupValues[1].replace(Regex("\\s+"), " ")
                    current = sections.getOrPut(name) { linkedMapOf() }
                    continue
                }
                val eq = trimmed.indexOf('=')
                if (eq <= 0 || current == null) continue
                val key = trimmed.substring(0, eq).trim().lowercase()
                val value = stripInlineComment(trimmed.substring(eq + 1)).trim()
                current[key] = value
            }
            return AwsProfileFile(sections)
        }

        private fun stripInlineComment(value: String): String {
            for (i in 1 until value.length) {
                if ((value[i] == '#' || value[i] == ';') && value[i - 1].isWhitespace()) return value.substring(0, i)
            }
            return value
        }
    }
}
