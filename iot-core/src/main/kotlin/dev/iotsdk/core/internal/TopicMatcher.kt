package dev.iotsdk.core.internal

/**
 * MQTT topic filter matching, with `$share/<group>/` stripped and `$`-topics kept away from leading wildcards.
 * It runs for every incoming message and every held filter, so it compares levels in place and allocates nothing.
 * Filters are assumed valid ([TopicValidation.checkTopicFilter]).
 */
internal object TopicMatcher {
    fun matches(filter: String, topic: String): Boolean {
        var f = 0
        if (filter.startsWith(TopicValidation.SHARE_PREFIX)) {
            val slash = filter.indexOf('/', TopicValidation.SHARE_PREFIX.length)
            f = if (slash < 0) filter.length else slash + 1
        }
        val fEnd = filter.length
        val tEnd = topic.length
        if (topic.startsWith('$') && f < fEnd && (filter[f] == '+' || filter[f] == '#')) return false
        var t = 0
        while (true) {
            // f and t are at the start of a level
            if (f == fEnd - 1 && filter[f] == '#') return true
            val fLevelEnd = filter.indexOf('/', f).let { if (it < 0) fEnd else it }
            val tLevelEnd = topic.indexOf('/', t).let { if (it < 0) tEnd else it }
            val plus = fLevelEnd - f == 1 && filter[f] == '+'
            if (!plus) {
                val length = fLevelEnd - f
                if (length != tLevelEnd - t || !filter.regionMatches(f, topic, t, length)) return false
            }
            if (fLevelEnd == fEnd) return tLevelEnd == tEnd
            // the topic ends here: only a trailing "/#" still matches (it matches the parent level too)
            if (tLevelEnd == tEnd) return fLevelEnd + 2 == fEnd && filter[fLevelEnd + 1] == '#'
            f = fLevelEnd + 1
            t = tLevelEnd + 1
        }
    }
}
