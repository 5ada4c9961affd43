package dev.iotsdk.auth

/**
 * Reads `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and (optionally) `AWS_SESSION_TOKEN` from the environment.
 *
 * @param env looks a variable up; `System::getenv` by default, replaceable in tests.
 */
public class EnvironmentCredentialsProvider(private val env: (String) -> String? = System::getenv) :
    CredentialsProvider {
    /**
     * @throws CredentialsException when `AWS_ACCESS_KEY_ID` or `AWS_SECRET_ACCESS_KEY` is unset or blank.
     */
    override suspend fun resolve(): Credentials {
        val keyId = env(ACCESS_KEY_ID)?.trim().orEmpty()
        val secret = env(SECRET_ACCESS_KEY)?.trim().orEmpty()
        val missing = listOfNotNull(
            ACCESS_KEY_ID.takeIf { keyId.isEmpty() },
            SECRET_ACCESS_KEY.takeIf { secret.isEmpty() },
        )
        if (missing.isNotEmpty()) {
            throw CredentialsException(
                "Environment variable(s) ${missing.joinToString(" and ")} not set; set $ACCESS_KEY_ID and " +
                    "$SECRET_ACCESS_KEY (and $SESSION_TOKEN for temporary credentials)",
            )
        }
        val token = env(SESSION_TOKEN)?.trim()?.takeIf { it.isNotEmpty() }
        return Credentials(keyId, secret, token)
    }

    /** Names the provider. */
    override fun toString(): String = "EnvironmentCredentialsProvider"

    private companion object {
        const val ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID"
        const val SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY"
        const val SESSION_TOKEN = "AWS_SESSION_TOKEN"
    }
}
