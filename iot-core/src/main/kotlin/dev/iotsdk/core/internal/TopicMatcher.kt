package dev.iotsdk.core.internal

/** MQTT topic filter matching, with `$share/<group>/` stripped and `$`-topics kept away from leading wildcards. */
internal object TopicMatcher {
    fun matches(filter: String, topic: String): Boolean {
        val f = if (filter.startsWith(TopicValidation.SHARE_PREFIX)) {
            filter.split('/', limit = 3).getOrElse(2) { "" }
        } else {
            filter
        }
        if (topic.startsWith("$") && (f.startsWith("+") || f.startsWith("#"))) return false
        val fl = f.split('/')
        val tl = topic.split('/')
        var i = 0
        while (i < fl.size) {
            val level = fl[i]
            if (level == "#") return true
            if (i >= tl.size) return false
            if (level != "+" && level != tl[i]) return false
            i++
        }
        return i == tl.size
    }
}
