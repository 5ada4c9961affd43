package dev.iotsdk.common.internal

import dev.iotsdk.common.InternalIotSdkApi

/**
 * The names AWS IoT puts into topics and URL paths, validated once for every module before anything is sent. The
 * rules are the service's (spec `shadow.md`, `jobs.md`, `dataplane.md`); each also keeps `/`, `+`, `#` and U+0000
 * out of the topic level it fills.
 *
 * [requireValid] throws [IllegalArgumentException], what the service clients throw for bad arguments; a module with
 * its own exception type (Greengrass discovery) throws that with [invalidReason]. Messages quote the value shortened
 * to [MAX_QUOTED] characters, control characters replaced, and say what is allowed.
 *
 * ```kotlin
 * IotName.THING.requireValid(thingName)
 * IotName.THING.invalidReason(thingName)?.let { throw DiscoveryClientException(it) }
 * ```
 */
@InternalIotSdkApi
public enum class IotName(private val what: String, private val rule: String, pattern: String) {
    /** A thing name: `[a-zA-Z0-9:_-]{1,128}`. */
    THING("thing name", "1-128 characters of [a-zA-Z0-9:_-]", "[a-zA-Z0-9:_-]{1,128}"),

    /** A named shadow's name: `[$a-zA-Z0-9:_-]{1,64}`. */
    SHADOW("shadow name", "1-64 characters of [\$a-zA-Z0-9:_-]", "[\$a-zA-Z0-9:_-]{1,64}"),

    /** A job id: `[a-zA-Z0-9_-]{1,64}`. */
    JOB_ID("job id", "1-64 characters of [a-zA-Z0-9_-]", "[a-zA-Z0-9_-]{1,64}"),

    /** A fleet provisioning template name: `[0-9A-Za-z_-]{1,36}`. */
    TEMPLATE("template name", "1-36 characters of [0-9A-Za-z_-]", "[0-9A-Za-z_-]{1,36}"),

    /** An MQTT client id as AWS IoT takes it: 1-128 bytes of UTF-8, not starting with `$`. */
    CLIENT_ID("client id", "1-128 bytes (UTF-8) not starting with '\$'", "(?s)[^\$].*") {
        override fun isValid(value: String): Boolean =
            super.isValid(value) && value.encodeToByteArray().size <= MAX_CLIENT_ID_BYTES
    },

    /** One topic level filled with a caller's value: not empty, without `/`, `+`, `#` or U+0000. */
    TOPIC_SEGMENT("topic segment", "1 or more characters other than '/', '+', '#' and U+0000", "[^/+#\\x00]+"),
    ;

    private val regex = Regex(pattern)

    /** Whether [value] is a valid name of this kind. */
    public open fun isValid(value: String): Boolean = regex.matches(value)

    /** Why [value] is invalid (a message naming the rule), or `null` when it is valid. */
    public fun invalidReason(value: String): String? =
        if (isValid(value)) null else "invalid $what ${quote(value)}: $rule"

    /**
     * [value] when it is valid.
     * @throws IllegalArgumentException saying what is allowed.
     */
    public fun requireValid(value: String): String {
        invalidReason(value)?.let { throw IllegalArgumentException(it) }
        return value
    }

    /** Constants. */
    public companion object {
        /** The longest part of an invalid value that messages quote. */
        public const val MAX_QUOTED: Int = 64
        private const val MAX_CLIENT_ID_BYTES = 128

        /** [value] in quotes, at most [MAX_QUOTED] characters of it, control characters shown as `?`. */
        public fun quote(value: String): String {
            val shown = value.take(MAX_QUOTED).map { if (it.isISOControl()) '?' else it }.joinToString("")
            return if (value.length > MAX_QUOTED) "'$shown…' (${value.length} characters)" else "'$shown'"
        }
    }
}
