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
