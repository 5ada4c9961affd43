package dev.iotsdk.dataplane

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
