package dev.iotsdk.auth

import dev.iotsdk.auth.internal.AwsSharedFiles
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import java.nio.file.Path

/**
 * Reads static keys from the AWS shared files: `~/.aws/credentials` (sections `[name]`) and `~/.aws/config`
 * (sections `[profile name]`, and `[default]`). Properties: `aws_access_key_id`, `aws_secret_access_key`,
 * `aws_session_token`; where both files define the profile, the credentials file wins.
 *
 * Resolution of names, each step used only when the previous is absent:
 * - profile: [profile], `AWS_PROFILE`, `default`;
 * - credentials file: [credentialsFile], `AWS_SHARED_CREDENTIALS_FILE`, `~/.aws/credentials`;
 * - config file: [configFile], `AWS_CONFIG_FILE`, `~/.aws/config`.
 *
 * Files are read on every [resolve] (wrap in [CachingCredentialsProvider] to avoid that), on `Dispatchers.IO`.
 * Role assumption, SSO and `credential_process` are not supported: such profiles fail with a message saying so.
 *
 * @param env looks environment variables up; `System::getenv` by default, replaceable in tests.
 */
public class ProfileCredentialsProvider @JvmOverloads constructor(
    private val profile: String? = null,
    private val credentialsFile: Path? = null,
    private val configFile: Path? = null,
    private val env: (String) -> String? = System::getenv,
) : CredentialsProvider {

    /**
     * @throws CredentialsException when neither file defines the profile, or the profile lacks the keys.
     */
    override suspend fun resolve(): Credentials = withContext(Dispatchers.IO) { load() }

    private fun load(): Credentials {
        val files = AwsSharedFiles(env)
        val name = files.profileName(profile)
        val credsPath = files.credentialsFile(credentialsFile)
        val configPath = files.configFile(configFile)

        val fromCreds = files.read(credsPath)?.profile(name, isConfigFile = false)
        val fromConfig = files.read(configPath)?.profile(name, isConfigFile = true)
        if (fromCreds == null && fromConfig == null) {
            throw CredentialsException(
                "Profile '$name' not found in $credsPath or $configPath; add a [$name] section with " +
                    "aws_access_key_id and aws_secret_access_key to the credentials file, or set AWS_PROFILE " +
                    "to an existing profile",
            )
        }
        val merged = (fromConfig.orEmpty()) + (fromCreds.orEmpty())
        val keyId = merged["aws_access_key_id"].orEmpty()
        val secret = merged["aws_secret_access_key"].orEmpty()
        if (keyId.isEmpty() || secret.isEmpty()) {
            val unsupported = UNSUPPORTED.filter { it in merged }
            val hint = if (unsupported.isEmpty()) {
                "add aws_access_key_id and aws_secret_access_key"
            } else {
                "it uses ${unsupported.joinToString()}, which this provider does not support; use static keys " +
                    "or supply credentials through another CredentialsProvider"
            }
            throw CredentialsException("Profile '$name' has no static credentials: $hint")
        }
        val token = merged["aws_session_token"]?.takeIf { it.isNotEmpty() }
        return Credentials(keyId, secret, token)
    }

    /** Names the provider and its profile. */
    override fun toString(): String = "ProfileCredentialsProvider(${profile ?: "AWS_PROFILE or default"})"

    private companion object {
        val UNSUPPORTED =
            listOf("role_arn", "sso_start_url", "sso_session", "credential_process", "web_identity_token_file")
    }
}
