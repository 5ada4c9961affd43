package dev.iotsdk.auth

/**
 * The usual places, in order: the environment ([EnvironmentCredentialsProvider]), then the shared files
 * ([ProfileCredentialsProvider] with `AWS_PROFILE` or `default`); the result is cached
 * ([CachingCredentialsProvider]) until five minutes before it expires.
 *
 * ```kotlin
 * val creds = DefaultCredentialsProvider.resolve()
 * ```
 */
public object DefaultCredentialsProvider : CredentialsProvider {
    private val cache = CachingCredentialsProvider(
        CredentialsProviderChain(EnvironmentCredentialsProvider(), ProfileCredentialsProvider()),
    )

    /**
     * @throws CredentialsException listing why the environment and the profile files gave no credentials.
     */
    override suspend fun resolve(): Credentials = cache.resolve()

    /** Names the provider. */
    override fun toString(): String = "DefaultCredentialsProvider"
}
