package dev.iotsdk.auth

import java.time.Instant

/**
 * AWS credentials: an access key id, its secret, and for temporary credentials (STS, Cognito, an assumed role) a
 * session token and an expiration time.
 *
 * Instances are immutable. [toString] never prints [secretAccessKey] or [sessionToken], so credentials may appear in
 * logs and exception messages without leaking.
 *
 * ```kotlin
 * val creds = Credentials("AKIA…", secret, sessionToken = token, expiration = Instant.parse("2030-01-01T00:00:00Z"))
 * ```
 */
public class Credentials @JvmOverloads constructor(
    /** The access key id (`AKIA…` for long-term keys, `ASIA…` for temporary ones). */
    public val accessKeyId: String,
    /** The secret access key; never printed by [toString]. */
    public val secretAccessKey: String,
    /** The session token of temporary credentials, or `null` for long-term keys; never printed by [toString]. */
    public val sessionToken: String? = null,
    /** When these credentials stop working, or `null` when they do not expire. */
    public val expiration: Instant? = null,
) {
    init {
        require(accessKeyId.isNotBlank()) { "accessKeyId must not be blank" }
        require(secretAccessKey.isNotBlank()) { "secretAccessKey must not be blank" }
    }

    /** Equal when all four properties are equal. */
    override fun equals(other: Any?): Boolean = other is Credentials &&
        other.accessKeyId == accessKeyId &&
        other.secretAccessKey == secretAccessKey &&
        other.sessionToken == sessionToken &&
        other.expiration == expiration

    /** Hash of all four properties. */
    override fun hashCode(): Int {
        var result = accessKeyId.hashCode()
        result = 31 * result + secretAccessKey.hashCode()
        result = 31 * result + (sessionToken?.hashCode() ?: 0)
        result = 31 * result + (expiration?.hashCode() ?: 0)
        return result
    }

    /** Shows the access key id and expiration; the secret and the session token are masked. */
    override fun toString(): String = "Credentials(accessKeyId=$accessKeyId, secretAccessKey=****, " +
        "sessionToken=${if (sessionToken == null) "null" else "****"}, expiration=$expiration)"
}
