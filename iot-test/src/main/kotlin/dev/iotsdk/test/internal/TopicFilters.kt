package dev.iotsdk.test.internal

import dev.iotsdk.core.InvalidTopicException

/**
 * Topic names and filters as AWS IoT reads them, written for the fake (not shared with iot-core's matcher or the
 * emulator's, so a bug in one shows up against the others).
 */
internal object TopicFilters {
    private const val SHARE_PREFIX = "\$share/"

    /**
     * Whether [filter] matches [topic]: `+` is one level, `#` the levels below its parent (AWS IoT: `sensor/#` matches
     * `sensor/` and `sensor/a/b` but not `sensor`), wildcards in the first level do not match `$` topics, and
     * `$share/<group>/<filter>` matches what `<filter>` matches.
     */
    fun matches(filter: String, topic: String): Boolean {
        val plain = unshared(filter)
        if (topic.startsWith("$") && (plain.startsWith("+") || plain.startsWith("#"))) return false
        val levels = plain.split('/')
        val t = topic.split('/')
        val multiLevel = levels.last() == "#"
        val fixed = if (multiLevel) levels.dropLast(1) else levels
        // AWS IoT: '#' needs a level below its parent ("sensor/#" does not match "sensor")
        val sizeFits = if (multiLevel) t.size > fixed.size else t.size == fixed.size
        return sizeFits && fixed.indices.all { fixed[it] == "+" || fixed[it] == t[it] }
    }

    /** Throws [InvalidTopicException] unless [topic] is a topic name a client may publish to. */
    fun checkTopicName(topic: String) {
        if (topic.isEmpty()) throw InvalidTopicException("A topic name must not be empty")
        if (topic.any { it == '+' || it == '#' }) {
            throw InvalidTopicException("Topic name '$topic' contains a wildcard (+ or #); only filters may")
        }
    }

    /** Throws [InvalidTopicException] unless [filter] is a valid topic filter. */
    fun checkTopicFilter(filter: String) {
        val plain = unshared(filter)
        if (plain.isEmpty()) throw InvalidTopicException("A topic filter must not be empty")
        val levels = plain.split('/')
        levels.forEachIndexed { i, level ->
            if ('#' in level && (level != "#" || i != levels.lastIndex)) {
                throw InvalidTopicException("'#' must be a whole level and the last one, in '$filter'")
            }
            if ('+' in level && level != "+") throw InvalidTopicException("'+' must be a whole level, in '$filter'")
        }
    }

    private fun unshared(filter: String): String {
        if (!filter.startsWith(SHARE_PREFIX)) return filter
        val groupEnd = filter.indexOf('/', SHARE_PREFIX.length)
        return if (groupEnd < 0) "" else filter.substring(groupEnd + 1)
    }
}
