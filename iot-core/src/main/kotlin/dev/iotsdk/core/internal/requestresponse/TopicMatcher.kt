package dev.iotsdk.core.internal.requestresponse

/** MQTT topic-filter matching (MQTT 5 §4.7), used to route incoming messages to operations and streams. */
internal object TopicMatcher {
    /**
     * Whether [topic] (a topic name) matches [filter]. `+` matches one level, a trailing `#` any number of levels
     * including the parent; filters starting with a wildcard do not match topics starting with `$`.
     */
    fun matches(filter: String, topic: String): Boolean {
        if (topic.startsWith('$') && (filter.startsWith('+') || filter.startsWith('#'))) return false
        val f = filter.split('/')
        val t = topic.split('/')
        var i = 0
        while (i < f.size) {
            when (f[i]) {
                "#" -> return true
                "+" -> if (i >= t.size) return false
                else -> if (i >= t.size || f[i] != t[i]) return false
            }
            i++
        }
        return i == t.size
    }
}
