package dev.iotsdk.core.internal

import dev.iotsdk.core.AwsIotLimits
import dev.iotsdk.core.InvalidTopicException
import dev.iotsdk.core.PayloadTooLargeException

/** Checks topic names, filters and payloads before anything is sent (MQTT rules, plus AWS IoT's when [awsLimits]). */
internal class TopicValidation(private val awsLimits: Boolean) {

    fun checkTopicName(topic: String) {
        checkCommon(topic, "Topic")
        if (topic.contains('+') || topic.contains('#')) {
            throw InvalidTopicException("Topic '$topic' contains a wildcard; wildcards are for subscription filters only")
        }
        if (awsLimits) checkAwsCounts(topic, "Topic")
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
        if (awsLimits) checkAwsCounts(filter, "Topic filter")
    }

    fun checkPayload(size: Int) {
        val limit = if (awsLimits) AwsIotLimits.MAX_PAYLOAD_BYTES else MQTT_MAX_PAYLOAD
        if (size > limit) throw PayloadTooLargeException(size, limit)
    }

    private fun checkCommon(topic: String, what: String) {
        if (topic.isEmpty()) throw InvalidTopicException("$what must not be empty")
        if (topic.contains('\u0000')) throw InvalidTopicException("$what '$topic' contains a NUL character")
        val bytes = topic.encodeToByteArray().size
        if (bytes > AwsIotLimits.MQTT_MAX_TOPIC_BYTES) {
            throw InvalidTopicException("$what is $bytes bytes; MQTT allows ${AwsIotLimits.MQTT_MAX_TOPIC_BYTES}")
        }
    }

    private fun checkAwsCounts(topic: String, what: String) {
        val counted = stripUncountedPrefix(topic)
        val bytes = counted.encodeToByteArray().size
        if (bytes > AwsIotLimits.MAX_TOPIC_BYTES) {
            throw InvalidTopicException(
                "$what '${topic.take(64)}…' is $bytes bytes; AWS IoT allows ${AwsIotLimits.MAX_TOPIC_BYTES}",
            )
        }
        val slashes = counted.count { it == '/' }
        if (slashes > AwsIotLimits.MAX_TOPIC_SLASHES) {
            throw InvalidTopicException(
                "$what '$topic' has $slashes slashes; AWS IoT allows ${AwsIotLimits.MAX_TOPIC_SLASHES} (8 levels)",
            )
        }
    }

    companion object {
        const val SHARE_PREFIX: String = "\$share/"
        private const val RULES_PREFIX = "\$aws/rules/"
        private const val MQTT_MAX_PAYLOAD = 268_435_455

        /** Drops `$share/<group>/` and `$aws/rules/<rule>/`, which AWS IoT does not count. */
        fun stripUncountedPrefix(topic: String): String {
            var t = topic
            if (t.startsWith(SHARE_PREFIX)) t = t.split('/', limit = 3).getOrElse(2) { "" }
            if (t.startsWith(RULES_PREFIX)) t = t.split('/', limit = 4).getOrElse(3) { "" }
            return t
        }
    }
}
