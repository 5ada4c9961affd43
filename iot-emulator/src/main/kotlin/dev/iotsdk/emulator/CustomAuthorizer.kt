package dev.iotsdk.emulator

/**
 * A custom authorizer, the emulator's stand-in for an AWS IoT custom authorizer and its Lambda function.
 *
 * The emulator invokes [handler] on its own executor thread (never on a network thread), with a 5 second timeout.
 * When [signingPublicKeyPem] is set, signing is enabled: the token named [tokenKeyName] must come with
 * `x-amz-customauthorizer-signature` = base64(RSA-SHA256(token)) verifiable with that key, otherwise the connection
 * is refused without calling [handler] (as AWS does). When it is `null`, signing is disabled.
 *
 * ```kotlin
 * emulator.registerAuthorizer(CustomAuthorizer("my-authorizer", tokenKeyName = "token") { request ->
 *     if (request.token == "allow-me") AuthorizerResult.allow("device1") else AuthorizerResult.deny()
 * })
 * ```
 */
public class CustomAuthorizer @JvmOverloads constructor(
    /** The authorizer name clients pass as `x-amz-customauthorizer-name`. */
    public val name: String,
    /** The name of the query parameter / header / username parameter that carries the token; required when signing. */
    public val tokenKeyName: String? = null,
    /** The RSA public key (PEM, `BEGIN PUBLIC KEY`) that verifies token signatures; `null` disables signing. */
    public val signingPublicKeyPem: String? = null,
    /** When `true`, used for connections that do not name an authorizer (like a domain configuration's default). */
    public val isDefault: Boolean = false,
    /** The "Lambda function". */
    public val handler: AuthorizerHandler,
) {
    init {
        require(name.isNotBlank()) { "authorizer name must not be blank" }
        require(signingPublicKeyPem == null || tokenKeyName != null) {
            "tokenKeyName is required when signing is enabled"
        }
    }

    override fun toString(): String = "CustomAuthorizer(name=$name, signing=${signingPublicKeyPem != null})"
}

/** The function a [CustomAuthorizer] runs; it may block (it runs on an emulator executor thread). */
public fun interface AuthorizerHandler {
    /** Decides about one connection attempt. Throwing counts as a deny. */
    public fun authorize(request: AuthorizerRequest): AuthorizerResult
}

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

/**
 * The authorizer's answer, modelled on the AWS Lambda response (`isAuthenticated`, `principalId`, `policyDocuments`,
 * `disconnectAfterInSeconds`, `refreshAfterInSeconds`).
 */
public class AuthorizerResult @JvmOverloads constructor(
    /** Whether the client is allowed to connect at all. */
    public val isAuthenticated: Boolean,
    /** The principal id (`[a-zA-Z0-9]{1,128}`); policies attached to it also apply. */
    public val principalId: String? = null,
    /** AWS IoT policy documents (JSON) that apply to the connection. */
    public val policyDocuments: List<String> = emptyList(),
    /** When set, the emulator disconnects the client after this many seconds. */
    public val disconnectAfterInSeconds: Int? = null,
    /** Accepted for fidelity; the emulator does not re-invoke the authorizer. */
    public val refreshAfterInSeconds: Int? = null,
) {
    /** Factories. */
    public companion object {
        /** An allowing result for [principalId] with the given policy documents. */
        @JvmStatic
        public fun allow(principalId: String, vararg policyDocuments: String): AuthorizerResult =
            AuthorizerResult(true, principalId, policyDocuments.toList())

        /** A denying result. */
        @JvmStatic
        public fun deny(): AuthorizerResult = AuthorizerResult(false)
    }

    override fun toString(): String = "AuthorizerResult(isAuthenticated=$isAuthenticated, principalId=$principalId)"
}
