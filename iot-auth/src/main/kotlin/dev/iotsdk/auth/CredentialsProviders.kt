@file:OptIn(InternalIotSdkApi::class)

package dev.iotsdk.auth

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.java.JavaView
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.future.await
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
     * The view [resolveAsync] runs in: futures only, so it never starts a thread, and it lives as long as this
     * stateless helper (the process); each future is cancelled on its own.
     */
    private val view = JavaView("iotsdk-credentials", null)

    /**
     * Resolves [provider] on `Dispatchers.Default`. The future fails with the provider's exception (for example a
     * [CredentialsException]); cancelling it cancels the resolution.
     */
    @JvmStatic
    public fun resolveAsync(provider: CredentialsProvider): CompletableFuture<Credentials> =
        view.future { provider.resolve() }

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
