package dev.iotsdk.core.internal

import dev.iotsdk.core.AwsIotLimits
import dev.iotsdk.core.InvalidTopicException
import dev.iotsdk.core.PayloadTooLargeException

/** Checks topic names, filters and payloads before anything is sent (MQTT rules, plus AWS IoT's when [awsLimits]). */
internal class TopicValidation private constructor(private val awsLimits: Boolean) {

    /**
     * Runs on every publish: one scan of [topic] finds a NUL, a wildcard and the slashes AWS IoT counts, and its UTF-8
     * length is computed only when the topic is long enough for it to matter (a char encodes to at most 3 bytes).
     * The checks fail in the same order as before: empty, NUL, length, wildcard, AWS IoT's limits.
     */
    fun checkTopicName(topic: String) {
        if (topic.isEmpty()) throw InvalidTopicException("Topic must not be empty")
        val from = if (awsLimits) countedFrom(topic) else 0
        var nul = false
        var wildcard = false
        var slashes = 0
        for (i in topic.indices) {
            when (topic[i]) {
                '\u0000' -> nul = true
                '+', '#' -> wildcard = true
                '/' -> if (i >= from) slashes++
            }
        }
        if (nul) throw InvalidTopicException("Topic '$topic' contains a NUL character")
        checkMqttLength(topic, "Topic")
        if (wildcard) {
            throw InvalidTopicException(
                "Topic '$topic' contains a wildcard; wildcards are for subscription filters only",
            )
        }
        if (awsLimits) checkAwsCounts(topic, "Topic", from, slashes)
    }

    fun checkTopicFilter(filter: String) {
        checkCommon(filter, "Topic filter")
        val levels = filter.split('/')
        levels.forEachIndexed { i, level ->
            if (level.contains('#') && (level != "#" || i != levels.lastIndex)) {
                throw InvalidTopicException("Topic filter '$filter': '#' must be a whole level and the last one")
            }
            if (level.contains('+') && level != "+") {
                throw InvalidTopicException("Topic filter '$filter': '+' must be a whole level")
            }
        }
        if (filter.startsWith(SHARE_PREFIX)) {
            val parts = filter.split('/', limit = 3)
            if (parts.size < 3 || parts[1].isEmpty() || parts[1].any { it == '+' || it == '#' } || parts[2].isEmpty()) {
                throw InvalidTopicException("Shared subscription '$filter' must look like \$share/<group>/<filter>")
            }
        }
        if (awsLimits) {
            val from = countedFrom(filter)
            checkAwsCounts(filter, "Topic filter", from, (from until filter.length).count { filter[it] == '/' })
        }
    }

    fun checkPayload(size: Int) {
        val limit = if (awsLimits) AwsIotLimits.MAX_PAYLOAD_BYTES else MQTT_MAX_PAYLOAD
        if (size > limit) throw PayloadTooLargeException(size, limit)
    }

    private fun checkCommon(topic: String, what: String) {
        if (topic.isEmpty()) throw InvalidTopicException("$what must not be empty")
        if (topic.contains('\u0000')) throw InvalidTopicException("$what '$topic' contains a NUL character")
        checkMqttLength(topic, what)
    }

    private fun checkMqttLength(topic: String, what: String) {
        if (topic.length * MAX_UTF8_PER_CHAR <= AwsIotLimits.MQTT_MAX_TOPIC_BYTES) return
        val bytes = utf8Length(topic, 0)
        if (bytes > AwsIotLimits.MQTT_MAX_TOPIC_BYTES) {
            throw InvalidTopicException("$what is $bytes bytes; MQTT allows ${AwsIotLimits.MQTT_MAX_TOPIC_BYTES}")
        }
    }

    /** AWS IoT's byte and level limits for [topic], counted from [from]; [slashes] are those after it. */
    private fun checkAwsCounts(topic: String, what: String, from: Int, slashes: Int) {
        if ((topic.length - from) * MAX_UTF8_PER_CHAR > AwsIotLimits.MAX_TOPIC_BYTES) {
            val bytes = utf8Length(topic, from)
            if (bytes > AwsIotLimits.MAX_TOPIC_BYTES) {
                throw InvalidTopicException(
                    "$what '${topic.take(64)}…' is $bytes bytes; AWS IoT allows ${AwsIotLimits.MAX_TOPIC_BYTES}",
                )
            }
        }
        val commands = topic.startsWith(COMMANDS_PREFIX, from)
        val allowed = if (commands) COMMANDS_MAX_SLASHES else AwsIotLimits.MAX_TOPIC_SLASHES
        if (slashes > allowed) {
            throw InvalidTopicException(
                "$what '$topic' has $slashes slashes; AWS IoT allows $allowed (${allowed + 1} levels)",
            )
        }
    }

    companion object {
        private val AWS = TopicValidation(awsLimits = true)
        private val MQTT = TopicValidation(awsLimits = false)

        /** The (stateless, shared) validation with or without AWS IoT's limits. */
        fun of(awsLimits: Boolean): TopicValidation = if (awsLimits) AWS else MQTT

        const val SHARE_PREFIX: String = "\$share/"
        private const val RULES_PREFIX = "\$aws/rules/"
        private const val MQTT_MAX_PAYLOAD = 268_435_455

        /** The most UTF-8 bytes one UTF-16 char encodes to (a surrogate pair: 4 bytes for 2 chars). */
        private const val MAX_UTF8_PER_CHAR = 3

        /**
         * AWS IoT Commands' own topics go one level deeper than AWS allows ordinary topics
         * (`$aws/commands/things/<thing>/executions/<id>/response/accepted/json`: 8 slashes), and AWS takes them, so
         * they are allowed that one level more (spec/commands.md §2).
         */
        private const val COMMANDS_PREFIX = "\$aws/commands/"
        private const val COMMANDS_MAX_SLASHES = 8

        /** Drops `$share/<group>/` and `$aws/rules/<rule>/`, which AWS IoT does not count. */
        fun stripUncountedPrefix(topic: String): String = topic.substring(countedFrom(topic))

        /**
         * Where the part of [topic] that AWS IoT counts starts (after `$share/<group>/`, then `$aws/rules/<rule>/`).
         */
        private fun countedFrom(topic: String): Int {
            var from = 0
            if (topic.startsWith(SHARE_PREFIX)) from = afterSlash(topic, SHARE_PREFIX.length)
            if (topic.startsWith(RULES_PREFIX, from)) from = afterSlash(topic, from + RULES_PREFIX.length)
            return from
        }

        private fun afterSlash(topic: String, from: Int): Int {
            val slash = topic.indexOf('/', from)
            return if (slash < 0) topic.length else slash + 1
        }

        /** The UTF-8 encoded length of [s] from index [from], without encoding it (this runs on every publish). */
        private fun utf8Length(s: String, from: Int): Int {
            var bytes = 0
            var i = from
            while (i < s.length) {
                val c = s[i]
                bytes += when {
                    c.code < 0x80 -> 1
                    c.code < 0x800 -> 2
                    c.isHighSurrogate() && i + 1 < s.length && s[i + 1].isLowSurrogate() -> {
                        i++
                        4
                    }
                    else -> 3
                }
                i++
            }
            return bytes
        }
    }
}
