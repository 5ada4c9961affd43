package dev.iotsdk.dataplane

/**
 * A retained message as GetRetainedMessage returns it.
 *
 * Stability: mirrors AWS's response; new properties may be added.
 */
public class RetainedMessage internal constructor(
    /** The topic. */
    public val topic: String,
    payload: ByteArray,
    /** The QoS it was published with. */
    public val qos: Int,
    /** When AWS IoT stored it, epoch milliseconds. */
    public val lastModifiedTime: Long,
    /** Its MQTT 5 user properties (empty when none). */
    public val userProperties: List<UserProperty>,
) {
    private val bytes = payload.copyOf()

    /** A copy of the payload (already base64-decoded). */
    public val payload: ByteArray get() = bytes.copyOf()

    /** The payload as UTF-8 text. */
    public fun payloadAsString(): String = bytes.toString(Charsets.UTF_8)

    override fun toString(): String =
        "RetainedMessage(topic=$topic, qos=$qos, payload=${bytes.size} bytes, lastModifiedTime=$lastModifiedTime)"
}

/** One entry of ListRetainedMessages: the topic and the size, QoS and time of its retained message (no payload). */
public class RetainedMessageSummary internal constructor(
    /** The topic. */
    public val topic: String,
    /** The payload size in bytes. */
    public val payloadSize: Long,
    /** The QoS. */
    public val qos: Int,
    /** When it was stored, epoch milliseconds. */
    public val lastModifiedTime: Long,
) {
    override fun toString(): String = "RetainedMessageSummary(topic=$topic, payloadSize=$payloadSize, qos=$qos)"
}

/** One page of ListRetainedMessages; [nextToken] is `null` on the last page. */
public class ListRetainedMessagesPage internal constructor(
    /** The summaries on this page. */
    public val retainedTopics: List<RetainedMessageSummary>,
    /** The token for the next page, or `null` when there is none. */
    public val nextToken: String?,
) {
    override fun toString(): String = "ListRetainedMessagesPage(${retainedTopics.size} topics, nextToken=$nextToken)"
}

/** One page of ListNamedShadowsForThing; [nextToken] is `null` on the last page. */
public class ListNamedShadowsPage internal constructor(
    /** The shadow names on this page (the classic shadow never appears). */
    public val results: List<String>,
    /** The token for the next page, or `null` when there is none. */
    public val nextToken: String?,
    /** When the response was generated, epoch seconds (as the service sends it), or `null`. */
    public val timestamp: Long?,
) {
    override fun toString(): String = "ListNamedShadowsPage($results, nextToken=$nextToken)"
}

/**
 * How a paginator walks the pages, as boto3's `PaginationConfig`: [pageSize] items per request (the service's
 * default when `null`), at most [maxItems] items in all (the last page is cut; its `nextToken` then resumes after
 * the last item returned only when the service's token allows it — the SDK sets it to the token of the page that
 * was cut, so resuming may repeat items of that page), starting from [startingToken].
 */
public class PaginationConfig @JvmOverloads constructor(
    /** The total number of items to emit, or `null` for all. */
    public val maxItems: Int? = null,
    /** Items per request, or `null` for the service default. */
    public val pageSize: Int? = null,
    /** A `nextToken` from an earlier page to resume from, or `null` to start at the beginning. */
    public val startingToken: String? = null,
) {
    init {
        require(maxItems == null || maxItems > 0) { "maxItems must be positive" }
        require(pageSize == null || pageSize > 0) { "pageSize must be positive" }
    }

    override fun toString(): String =
        "PaginationConfig(maxItems=$maxItems, pageSize=$pageSize, startingToken=$startingToken)"

    /** Defaults. */
    public companion object {
        /** Every page, service page size, from the start. */
        @JvmField
        public val DEFAULT: PaginationConfig = PaginationConfig()
    }
}
