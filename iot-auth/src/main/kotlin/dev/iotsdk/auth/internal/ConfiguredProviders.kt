package dev.iotsdk.auth.internal

import dev.iotsdk.auth.CognitoCredentialsProvider
import dev.iotsdk.auth.Credentials
import dev.iotsdk.auth.CredentialsException
import dev.iotsdk.auth.CredentialsProvider
import dev.iotsdk.auth.IotCredentialsProvider
import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.auth.TlsMaterialException
import dev.iotsdk.auth.TrustMaterial
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock
import kotlinx.coroutines.withContext

/**
 * The temporary-credentials members of the default chain, present only when their settings say so ([ChainSettings]):
 * the AWS IoT credentials provider when a role alias or credentials endpoint is set, Cognito when an identity pool id
 * is set. Each is built on its first use, so a missing file or setting fails that member's turn in the chain (with a
 * message naming what to set) instead of the whole chain.
 */
internal class ConfiguredProviders(private val settings: ChainSettingsSource, private val files: AwsSharedFiles) {
    fun all(): List<CredentialsProvider> = listOfNotNull(iot(), cognito())

    private fun iot(): CredentialsProvider? {
        val alias = settings[ChainSettings.IOT_ROLE_ALIAS]
        val endpoint = settings[ChainSettings.IOT_ENDPOINT]
        if (alias == null && endpoint == null) return null
        return LazilyBuilt("IotCredentialsProvider(from settings: endpoint=$endpoint, roleAlias=$alias)") {
            val missing = listOf(
                ChainSettings.IOT_ENDPOINT,
                ChainSettings.IOT_ROLE_ALIAS,
                ChainSettings.IOT_CERTIFICATE,
                ChainSettings.IOT_PRIVATE_KEY,
            )
                .filter { settings[it] == null }
            if (missing.isNotEmpty()) {
                throw CredentialsException(
                    "The AWS IoT credentials provider is configured but incomplete: set ${missing.joinToString(", ")}",
                )
            }
            IotCredentialsProvider {
                this.endpoint = endpoint
                roleAlias = alias
                thingName = settings[ChainSettings.IOT_THING_NAME]
                identity =
                    TlsIdentity.fromPemFiles(path(ChainSettings.IOT_CERTIFICATE), path(ChainSettings.IOT_PRIVATE_KEY))
                trust = trust()
            }
        }
    }

    private fun cognito(): CredentialsProvider? {
        val pool = settings[ChainSettings.COGNITO_POOL] ?: return null
        return LazilyBuilt("CognitoCredentialsProvider(from settings: identityPoolId=$pool)") {
            CognitoCredentialsProvider {
                identityPoolId = pool
                endpoint = settings[ChainSettings.COGNITO_ENDPOINT]
                trust = trust()
            }
        }
    }

    private fun path(setting: ChainSetting) = files.expand(requireNotNull(settings[setting]))

    private fun trust(): TrustMaterial =
        settings[ChainSettings.CA_BUNDLE]?.let { TrustMaterial.fromPemFile(files.expand(it)) } ?: TrustMaterial.system()

    /** Builds its provider on the first [resolve] (on `Dispatchers.IO`: it reads files) and keeps it once built. */
    private class LazilyBuilt(private val description: String, private val build: () -> CredentialsProvider) :
        CredentialsProvider {
        private val mutex = Mutex()

        @Volatile
        private var built: CredentialsProvider? = null

        override suspend fun resolve(): Credentials {
            val provider =
                built ?: mutex.withLock { built ?: withContext(Dispatchers.IO) { create() }.also { built = it } }
            return provider.resolve()
        }

        private fun create(): CredentialsProvider = try {
            build()
        } catch (e: CredentialsException) {
            throw e
        } catch (e: IllegalArgumentException) {
            throw CredentialsException("$description: ${e.message}", e)
        } catch (e: TlsMaterialException) {
            throw CredentialsException("$description: ${e.message}", e)
        }

        override fun toString(): String = description
    }
}
