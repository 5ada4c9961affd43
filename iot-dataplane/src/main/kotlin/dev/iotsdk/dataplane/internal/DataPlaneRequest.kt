package dev.iotsdk.dataplane.internal

/**
 * One data-plane call before signing: [path] already percent-encoded (see [encodeLabel]), [query] decoded (the
 * signer encodes it), extra [headers] (signed), and whether the operation is [idempotent] (then 5xx and network
 * failures are retried; throttling is retried for every operation).
 */
internal class DataPlaneRequest(
    val operation: String,
    val method: String,
    val path: String,
    val query: List<Pair<String, String>> = emptyList(),
    val headers: List<Pair<String, String>> = emptyList(),
    val body: ByteArray = ByteArray(0),
    val idempotent: Boolean = method == "GET" || method == "DELETE",
)

/** A 2xx answer. */
internal class DataPlaneResponse(val status: Int, val body: ByteArray, val requestId: String?)
