package dev.iotsdk.auth.internal

import dev.iotsdk.auth.CachingCredentialsProvider
import dev.iotsdk.auth.Credentials
import dev.iotsdk.auth.CredentialsException
import dev.iotsdk.auth.CredentialsProvider
import dev.iotsdk.auth.CredentialsProviderChain
import dev.iotsdk.auth.EnvironmentCredentialsProvider
import dev.iotsdk.auth.ProfileCredentialsProvider
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock
import kotlinx.coroutines.withContext

/**
 * The chain behind [dev.iotsdk.auth.DefaultCredentialsProvider], decided on the first [resolve] (it reads the AWS
 * config
 * file, on `Dispatchers.IO`) and kept: the environment's keys, the profile's keys, then only when configured
 * ([ConfiguredProviders]) the AWS IoT credentials provider and Cognito; the whole chain cached until five minutes
 * before expiry. [env] is replaceable in tests.
 */
internal class DefaultChain(private val env: (String) -> String?) : CredentialsProvider {
    private val mutex = Mutex()

    @Volatile
    private var built: Pair<List<CredentialsProvider>, CredentialsProvider>? = null

    /** The chain's members, in order. */
    suspend fun members(): List<CredentialsProvider> = chain().first

    override suspend fun resolve(): Credentials = chain().second.resolve()

    private suspend fun chain(): Pair<List<CredentialsProvider>, CredentialsProvider> =
        built ?: mutex.withLock { built ?: withContext(Dispatchers.IO) { build() }.also { built = it } }

    private fun build(): Pair<List<CredentialsProvider>, CredentialsProvider> {
        val files = AwsSharedFiles(env)
        // an unreadable config file is reported by ProfileCredentialsProvider in its turn
        val profile = try {
            files.configProfile()
        } catch (e: CredentialsException) {
            emptyMap()
        }
        val members = listOf(EnvironmentCredentialsProvider(env), ProfileCredentialsProvider(env = env)) +
            ConfiguredProviders(ChainSettingsSource(env, profile), files).all()
        return members to CachingCredentialsProvider(CredentialsProviderChain(*members.toTypedArray()))
    }

    override fun toString(): String = "DefaultCredentialsProvider"
}
