package dev.iotsdk.emulator.internal

/** AWS IoT topic limits (spec/connect.md §6.1): 256 bytes, at most 7 slashes, not counting `$aws/rules/<rule>/`. */
internal object Topics {
    private const val MAX_TOPIC_BYTES = 256
    private const val MAX_SLASHES = 7

    fun publishProblem(topic: String): String? = common(topic)

    /**
     * What is wrong with [topic] as the topic name of an HTTP operation (Publish, GetRetainedMessage, a response
     * topic), or `null`: a topic name is not empty, has no wildcard (`+`, `#`) and no U+0000 (MQTT 3.1.1 §4.7.3,
     * dataplane.md "The topic must not contain wildcard characters"), and keeps the MQTT limits above.
     */
    fun nameProblem(topic: String): String? = when {
        topic.isEmpty() -> "the topic name is empty"
        topic.any { it == '+' || it == '#' } -> "a topic name must not contain the wildcards + or #"
        topic.contains('\u0000') -> "a topic name must not contain U+0000"
        else -> common(topic)
    }

    fun filterProblem(filter: String): String? = common(filter)

    private fun common(topic: String): String? {
        val counted = stripUncountedPrefix(topic)
        if (counted.toByteArray(Charsets.UTF_8).size > MAX_TOPIC_BYTES) return "topic longer than 256 bytes"
        // AWS IoT Commands' own topics have 8 (…/executions/<id>/response/accepted/json) and AWS takes them
        val allowed = if (counted.startsWith("\$aws/commands/")) MAX_SLASHES + 1 else MAX_SLASHES
        if (counted.count { it == '/' } > allowed) return "topic has more than $allowed slashes"
        return null
    }

    private fun stripUncountedPrefix(topic: String): String {
        var t = topic
        if (t.startsWith("\$share/")) {
            val second = t.indexOf('/', "\$share/".length)
            if (second > 0) t = t.substring(second + 1)
        }
        if (t.startsWith("\$aws/rules/", ignoreCase = true)) {
            val third = t.indexOf('/', "\$aws/rules/".length)
            t = if (third > 0) t.substring(third + 1) else ""
        }
        return t
    }

    /**
     * MQTT topic-filter matching. With [awsRules], `#` needs at least one more level, so `a/#` does not match `a`
     * (AWS IoT's documented deviation); without, the MQTT rule applies (`a/#` matches `a`). Wildcards at the first
     * level never match topics starting with `$`. A `$share/<group>/` prefix is ignored.
     */
    fun matches(filter: String, topic: String, awsRules: Boolean): Boolean {
        var f = filter
        if (f.startsWith("\$share/")) {
            val second = f.indexOf('/', "\$share/".length)
            if (second < 0) return false
            f = f.substring(second + 1)
        }
        val fl = f.split('/')
        val tl = topic.split('/')
        if (topic.startsWith("$") && (fl[0] == "#" || fl[0] == "+")) return false
        var i = 0
        while (i < fl.size) {
            val level = fl[i]
            if (level == "#") return if (awsRules) tl.size > i else tl.size >= i
            if (i >= tl.size) return false
            if (level != "+" && level != tl[i]) return false
            i++
        }
        return tl.size == fl.size
    }
}
