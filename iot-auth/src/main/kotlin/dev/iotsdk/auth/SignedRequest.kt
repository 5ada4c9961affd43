package dev.iotsdk.auth

/**
 * The result of [SigV4.sign] or [SigV4.presign].
 *
 * @property headers the headers to add to the request: for [SigV4.sign] `X-Amz-Date`, `X-Amz-Security-Token` (when
 *   the credentials have one), `x-amz-content-sha256` (when asked for) and `Authorization`; empty for
 *   [SigV4.presign].
 * @property query the complete query string to send, without `?`, already encoded: the request's own parameters
 *   followed, for presigning, by the `X-Amz-*` parameters.
 * @property signature the hex signature.
 * @property canonicalRequest the canonical request that was signed; for debugging signature mismatches only.
 * @property stringToSign the string to sign; for debugging signature mismatches only.
 */
public class SignedRequest internal constructor(
    public val headers: List<Pair<String, String>>,
    public val query: String,
    public val signature: String,
    public val canonicalRequest: String,
    public val stringToSign: String,
    private val host: String,
    private val path: String,
) {
    /** The `Authorization` header value, or `null` for a presigned request. */
    public val authorization: String?
        get() = headers.firstOrNull { it.first.equals("Authorization", ignoreCase = true) }?.second

    /**
     * [headers] as an insertion-ordered map from name to value, for Java callers (a name that appears twice keeps
     * its last value; the signer never emits one twice).
     */
    public fun headersAsMap(): Map<String, String> = headers.associateTo(LinkedHashMap()) { it }

    /** The full URL, e.g. `wss://host/mqtt?X-Amz-…`, for the given [scheme]. */
    @JvmOverloads
    public fun url(scheme: String = "https"): String =
        "$scheme://$host${path.ifEmpty { "/" }}" + if (query.isEmpty()) "" else "?$query"

    /** Shows the header names and the signature (the session token and secrets are not shown). */
    override fun toString(): String = "SignedRequest(headers=${headers.map { it.first }}, signature=$signature)"
}
