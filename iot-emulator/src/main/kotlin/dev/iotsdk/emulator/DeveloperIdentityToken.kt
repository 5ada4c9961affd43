package dev.iotsdk.emulator

/**
 * What Cognito's GetOpenIdTokenForDeveloperIdentity returns: the developer-authenticated [identityId] and an OpenID
 * [token] for it (put it in the logins map under `cognito-identity.amazonaws.com`). [toString] hides the token.
 */
public class DeveloperIdentityToken internal constructor(
    /** The identity id (`<region>:<uuid>`). */
    public val identityId: String,
    /** The OpenID token. */
    public val token: String,
) {
    override fun toString(): String = "DeveloperIdentityToken(identityId=$identityId, token=***)"
}
