package dev.iotsdk.auth.internal

/** A setting of the default chain: an environment variable and, when it has one, its AWS config-file property. */
internal class ChainSetting(val variable: String, val property: String?) {
    override fun toString(): String = if (property == null) variable else "$variable (or $property)"
}

/**
 * The settings [dev.iotsdk.auth.DefaultCredentialsProvider] reads to add the temporary-credentials providers to its
 * chain, named in the AWS SDKs' manner (environment `AWS_*`, config-file `snake_case` in the profile's section).
 * `AWS_IOT_THING_NAME` is also what AWS IoT Greengrass sets for its components; `AWS_ENDPOINT_URL_COGNITO_IDENTITY`
 * and `ca_bundle`/`AWS_CA_BUNDLE` are the AWS SDKs' own settings.
 */
internal object ChainSettings {
    val IOT_ENDPOINT = ChainSetting("AWS_IOT_CREDENTIALS_ENDPOINT", "iot_credentials_endpoint")
    val IOT_ROLE_ALIAS = ChainSetting("AWS_IOT_ROLE_ALIAS", "iot_role_alias")
    val IOT_THING_NAME = ChainSetting("AWS_IOT_THING_NAME", "iot_thing_name")
    val IOT_CERTIFICATE = ChainSetting("AWS_IOT_CERTIFICATE_FILE", "iot_certificate_file")
    val IOT_PRIVATE_KEY = ChainSetting("AWS_IOT_PRIVATE_KEY_FILE", "iot_private_key_file")
    val COGNITO_POOL = ChainSetting("AWS_COGNITO_IDENTITY_POOL_ID", "cognito_identity_pool_id")
    val COGNITO_ENDPOINT = ChainSetting("AWS_ENDPOINT_URL_COGNITO_IDENTITY", null)
    val CA_BUNDLE = ChainSetting("AWS_CA_BUNDLE", "ca_bundle")
}

/** Looks [ChainSetting]s up: the environment first, then the config-file [profile]; blank values count as unset. */
internal class ChainSettingsSource(private val env: (String) -> String?, private val profile: Map<String, String>) {
    operator fun get(setting: ChainSetting): String? = env(setting.variable)?.trim()?.takeIf { it.isNotEmpty() }
        ?: setting.property?.let { profile[it] }?.trim()?.takeIf { it.isNotEmpty() }
}
