package dev.iotsdk.dataplane

/** One page of ListRetainedMessages; [nextToken] is `null` on the last page. */
public class ListRetainedMessagesPage internal constructor(
    /** The summaries on this page. */
    public val retainedTopics: List<RetainedMessageSummary>,
    /** The token for the next page, or `null` when there is none. */
    public val nextToken: String?,
) {
    override fun toString(): String = "ListRetainedMessagesPage(${retainedTopics.size} topics, nextToken=$nextToken)"
}
