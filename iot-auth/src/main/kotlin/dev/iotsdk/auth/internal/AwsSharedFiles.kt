package dev.iotsdk.auth.internal

import dev.iotsdk.auth.CredentialsException
import java.io.IOException
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths

/**
 * Where the AWS shared files are and which profile is meant, as the AWS SDKs decide: profile `AWS_PROFILE` or
 * `default`; `AWS_SHARED_CREDENTIALS_FILE` or `~/.aws/credentials`; `AWS_CONFIG_FILE` or `~/.aws/config` (`~` is
 * `HOME`, then `USERPROFILE`, then `user.home`). Explicit values win over the environment.
 */
internal class AwsSharedFiles(private val env: (String) -> String?) {
    fun profileName(explicit: String? = null): String =
        explicit ?: env("AWS_PROFILE")?.takeIf { it.isNotBlank() } ?: AwsProfileFile.DEFAULT_PROFILE

    fun credentialsFile(explicit: Path? = null): Path =
        explicit ?: env("AWS_SHARED_CREDENTIALS_FILE")?.let(::expand) ?: home(CREDENTIALS)

    fun configFile(explicit: Path? = null): Path = explicit ?: env("AWS_CONFIG_FILE")?.let(::expand) ?: home(CONFIG)

    /**
     * The parsed file, or `null` when there is none. @throws CredentialsException when it exists but cannot be read.
     */
    fun read(path: Path): AwsProfileFile? = try {
        if (Files.isRegularFile(
                path,
            )
        ) {
            AwsProfileFile.parse(String(Files.readAllBytes(path), Charsets.UTF_8))
        } else {
            null
        }
    } catch (e: IOException) {
        throw CredentialsException("Cannot read AWS profile file $path: ${e.message}; check its permissions", e)
    }

    /** The properties of [profile] in the config file, empty when there are none. */
    fun configProfile(profile: String = profileName()): Map<String, String> =
        read(configFile())?.profile(profile, isConfigFile = true).orEmpty()

    private fun homeDir(): Path = Paths.get(
        env("HOME")?.takeIf { it.isNotBlank() }
            ?: env("USERPROFILE")?.takeIf { it.isNotBlank() }
            ?: System.getProperty("user.home"),
    )

    private fun home(relative: String): Path = homeDir().resolve(".aws").resolve(relative)

    /** [path] with a leading `~` replaced by the home directory. */
    fun expand(path: String): Path = if (path == "~" || path.startsWith("~/") || path.startsWith("~\\")) {
        homeDir().resolve(path.drop(2))
    } else {
        Paths.get(path)
    }

    private companion object {
        const val CREDENTIALS = "credentials"
        const val CONFIG = "config"
    }
}
