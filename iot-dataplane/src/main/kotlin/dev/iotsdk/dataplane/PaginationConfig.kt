package dev.iotsdk.dataplane

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
