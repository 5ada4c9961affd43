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

    /**
     * Builds a [SigningRequest] from Java without `kotlin.Pair`; from [SigningRequest.builder].
     *
     * ```java
     * SigningRequest request = SigningRequest.builder("POST", host)
     *         .path("/topics/a%2Fb").query("qos", "1").header("content-type", "application/json")
     *         .body(payload).build();
     * ```
     */
    public class Builder internal constructor(private val method: String, private val host: String) {
        private var path: String = "/"
        private val query = ArrayList<Pair<String, String>>()
        private val headers = ArrayList<Pair<String, String>>()
        private var body: ByteArray = ByteArray(0)
        private var payloadHash: String? = null

        /** Sets [SigningRequest.path]; `/` by default. */
        public fun path(path: String): Builder = apply { this.path = path }

        /** Appends a query parameter (not encoded); see [SigningRequest.query]. */
        public fun query(name: String, value: String): Builder = apply { query += name to value }

        /** Appends a header; see [SigningRequest.headers]. */
        public fun header(name: String, value: String): Builder = apply { headers += name to value }

        /** Sets the body (copied); empty by default. */
        public fun body(body: ByteArray): Builder = apply { this.body = body.copyOf() }

        /** Sets [SigningRequest.payloadHash]; `null` (hash the body) by default. */
        public fun payloadHash(payloadHash: String?): Builder = apply { this.payloadHash = payloadHash }

        /** The request. @throws IllegalArgumentException when the method or host is blank. */
        public fun build(): SigningRequest =
            SigningRequest(method, host, path, query.toList(), headers.toList(), body, payloadHash)
    }

    /** Factories for Java callers. */
    public companion object {
        /** A [Builder] for a [method] request to [host] (see [SigningRequest.host]). */
        @JvmStatic
        public fun builder(method: String, host: String): Builder = Builder(method, host)
    }

    /** Shows method, host, path and header names (not values, which may hold secrets). */
    override fun toString(): String =
        "SigningRequest($method $host$path, query=${query.map { it.first }}, headers=${headers.map { it.first }})"
}
