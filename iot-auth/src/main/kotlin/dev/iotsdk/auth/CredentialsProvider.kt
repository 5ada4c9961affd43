package dev.iotsdk.auth

/**
 * A source of AWS [Credentials].
 *
 * Being a `fun interface`, a lambda is a provider:
 * ```kotlin
 * val provider = CredentialsProvider { Credentials(System.getenv("KEY")!!, System.getenv("SECRET")!!) }
 * ```
 * Java: `CredentialsProvider p = continuation -> ...` is awkward for a suspend function, so Java callers use the
 * ready-made providers ([StaticCredentialsProvider], [DefaultCredentialsProvider], …).
 */
public fun interface CredentialsProvider {
    /**
     * Returns credentials, suspending while they are fetched (reading files runs on `Dispatchers.IO`).
     * Cancellation propagates as `CancellationException`.
     *
     * @throws CredentialsException when no credentials can be obtained.
     */
    public suspend fun resolve(): Credentials
}
