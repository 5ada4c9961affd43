package dev.iotsdk.auth

import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.future.await
import kotlinx.coroutines.future.future
import java.util.concurrent.CompletableFuture
import java.util.function.Supplier

/**
 * The Java view of [CredentialsProvider], whose `suspend fun resolve()` Java cannot call or implement: resolve any
 * provider as a [CompletableFuture], and turn a Java source of credentials into a provider the SDK accepts.
 *
 * ```java
 * CredentialsProvider mine = CredentialsProviders.fromFuture(() -> vault.fetchAwsKeys()); // CompletableFuture<Credentials>
 * CredentialsProvider cached = new CachingCredentialsProvider(mine);
 * Credentials now = CredentialsProviders.resolveAsync(cached).join();
 * ```
 */
public object CredentialsProviders {
    /**
     * Resolves [provider] on `Dispatchers.Default`. The future fails with the provider's exception (for example a
     * [CredentialsException]); cancelling it cancels the resolution.
     */
    @JvmStatic
    public fun resolveAsync(provider: CredentialsProvider): CompletableFuture<Credentials> =
        CoroutineScope(Dispatchers.Default + CoroutineName("iotsdk-credentials")).future { provider.resolve() }

    /**
     * A provider that asks [source] for a future on every [CredentialsProvider.resolve] and awaits it; cancelling the
     * resolution cancels that future. Wrap it in a [CachingCredentialsProvider] when fetching is expensive.
     */
    @JvmStatic
    public fun fromFuture(source: Supplier<out CompletableFuture<Credentials>>): CredentialsProvider =
        CredentialsProvider { source.get().await() }

    /**
     * A provider that calls the blocking [source] on `Dispatchers.IO` on every [CredentialsProvider.resolve]; what it
     * throws is what `resolve` throws.
     */
    @JvmStatic
    public fun fromSupplier(source: Supplier<Credentials>): CredentialsProvider =
        CredentialsProvider { kotlinx.coroutines.withContext(Dispatchers.IO) { source.get() } }
}
