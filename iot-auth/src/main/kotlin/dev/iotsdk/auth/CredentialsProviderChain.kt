package dev.iotsdk.auth

import kotlin.coroutines.cancellation.CancellationException

/**
 * Asks each provider in order and returns the first credentials obtained.
 *
 * When every provider fails, the [CredentialsException] lists each provider and why it failed, in order, so the
 * user sees every place that was tried. Cancellation is never swallowed.
 */
public class CredentialsProviderChain(vararg providers: CredentialsProvider) : CredentialsProvider {
    private val providers: List<CredentialsProvider> = providers.toList()

    init {
        require(this.providers.isNotEmpty()) { "CredentialsProviderChain needs at least one provider" }
    }

    /**
     * @throws CredentialsException when no provider produced credentials; its message lists every failure and its
     * cause is the first one.
     */
    override suspend fun resolve(): Credentials {
        val failures = mutableListOf<Pair<CredentialsProvider, Exception>>()
        for (provider in providers) {
            try {
                return provider.resolve()
            } catch (e: CancellationException) {
                throw e
            } catch (e: Exception) {
                failures += provider to e
            }
        }
        val details = failures.mapIndexed { i, (p, e) -> "${i + 1}. $p: ${e.message ?: e.javaClass.name}" }
        throw CredentialsException(
            "No AWS credentials found; tried ${failures.size} provider(s):\n" + details.joinToString("\n"),
            failures.first().second,
        )
    }

    /** Lists the providers in order. */
    override fun toString(): String = "CredentialsProviderChain(${providers.joinToString()})"
}
