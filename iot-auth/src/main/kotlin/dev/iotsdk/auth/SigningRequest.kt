package dev.iotsdk.auth

/**
 * The parts of an HTTP request that SigV4 signs.
 *
 * @property method the HTTP method, e.g. `GET`.
 * @property host the `Host` header value exactly as it will be sent, including `:port` when the port is not the
 *   scheme's default. Any `Host` entry in [headers] is ignored in favour of this.
 * @property path the path exactly as it goes on the wire (already percent-encoded where needed, e.g.
 *   `/topics/a%2Fb`); empty means `/`.
 * @property query query parameters, NOT encoded (the signer encodes them), in the order they should appear.
 * @property headers further headers to sign, in request order; repeated names are allowed. `Authorization`,
 *   `User-Agent`, `X-Amzn-Trace-Id`, `Expect`, `Connection`, `Upgrade`, `Transfer-Encoding` and `Sec-WebSocket-*`
 *   are never signed (proxies and WebSocket stacks change them).
 * @property body the body, hashed for the payload hash unless [payloadHash] is given.
 * @property payloadHash a precomputed lower-case hex SHA-256 of the body, or `UNSIGNED-PAYLOAD`; `null` hashes [body].
 */
public class SigningRequest(
    public val method: String,
    public val host: String,
    public val path: String = "/",
    public val query: List<Pair<String, String>> = emptyList(),
    public val headers: List<Pair<String, String>> = emptyList(),
    body: ByteArray = ByteArray(0),
    public val payloadHash: String? = null,
) {
    private val bodyBytes: ByteArray = body.copyOf()

    /** A copy of the body. */
    public val body: ByteArray get() = bodyBytes.copyOf()

    internal fun bodyForHashing(): ByteArray = bodyBytes

    init {
        require(method.isNotBlank()) { "method must not be blank" }
        require(host.isNotBlank()) { "host must not be blank" }
    }

    /** Shows method, host, path and header names (not values, which may hold secrets). */
    override fun toString(): String =
        "SigningRequest($method $host$path, query=${query.map { it.first }}, headers=${headers.map { it.first }})"
}
