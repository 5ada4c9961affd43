package dev.iotsdk.auth

/** Always returns the same [credentials]; for tests, samples and keys obtained elsewhere. */
public class StaticCredentialsProvider(private val credentials: Credentials) : CredentialsProvider {
    /** Returns the credentials given to the constructor. */
    override suspend fun resolve(): Credentials = credentials

    /** Names the provider and the access key id (never the secret). */
    override fun toString(): String = "StaticCredentialsProvider(${credentials.accessKeyId})"
}
