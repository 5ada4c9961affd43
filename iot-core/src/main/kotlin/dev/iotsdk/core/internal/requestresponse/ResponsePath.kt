package dev.iotsdk.core.internal.requestresponse

import dev.iotsdk.common.InternalIotSdkApi

/**
 * One topic a response may arrive on, and the top-level JSON field carrying the correlation token in that
 * response (AWS IoT services use `clientToken`). [correlationTokenField] is ignored for operations without a token.
 *
 * Stability: internal to iotsdk ([InternalIotSdkApi]).
 */
@InternalIotSdkApi
public class ResponsePath @JvmOverloads constructor(
    /** The exact topic name (no wildcards) the response is published to. */
    public val topic: String,
    /** The top-level JSON field holding the correlation token, or `null` when the response has none. */
    public val correlationTokenField: String? = DEFAULT_TOKEN_FIELD,
) {
    init {
        require(!topic.contains('+') && !topic.contains('#')) {
            "A response path is a topic name, not a filter: $topic"
        }
    }

    override fun toString(): String = "ResponsePath($topic, token=$correlationTokenField)"

    /** Constants. */
    public companion object {
        /** The correlation token field AWS IoT's shadow, jobs and other services use. */
        public const val DEFAULT_TOKEN_FIELD: String = "clientToken"
    }
}
