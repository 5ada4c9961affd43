package dev.iotsdk.emulator

/**
 * What the authorizer is given, modelled on the AWS custom authorizer Lambda event (`token`, `signatureVerified`,
 * `protocols`, `protocolData`, `connectionMetadata.id`).
 */
public class AuthorizerRequest internal constructor(
    /** The token value, when a token key name is configured and the client sent one. */
    public val token: String?,
    /** Whether the token signature was verified (always `false` when signing is disabled). */
    public val signatureVerified: Boolean,
    /**
     * `["tls", "mqtt"]` for MQTT on port 443 with ALPN `mqtt`, `["tls", "http"]` for a WebSocket upgrade, and so on.
     */
    public val protocols: List<String>,
    /** The TLS SNI server name, if the client sent one. */
    public val serverName: String?,
    /** MQTT CONNECT client id (MQTT protocols only). */
    public val clientId: String?,
    /** MQTT CONNECT user name, including its query string (MQTT protocols only). */
    public val username: String?,
    /** MQTT CONNECT password, base64-encoded as AWS passes it to the Lambda (MQTT protocols only). */
    public val passwordBase64: String?,
    /** HTTP headers of the upgrade request, lower-case names (HTTP protocols only). */
    public val headers: Map<String, String>,
    /** The HTTP query string (HTTP protocols only). */
    public val queryString: String?,
    /** A unique id for this connection. */
    public val connectionId: String,
) {
    override fun toString(): String =
        "AuthorizerRequest(protocols=$protocols, clientId=$clientId, connectionId=$connectionId)"
}
