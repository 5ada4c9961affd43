package dev.iotsdk.auth

import dev.iotsdk.auth.internal.DefaultChain

/**
 * The usual places, in order, the first that gives credentials winning; the result is cached
 * ([CachingCredentialsProvider]) until five minutes before it expires.
 *
 * 1. The environment's keys ([EnvironmentCredentialsProvider]: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
 *    `AWS_SESSION_TOKEN`).
 * 2. The shared files' keys ([ProfileCredentialsProvider] with `AWS_PROFILE` or `default`).
 * 3. Only when configured: the AWS IoT credentials provider ([IotCredentialsProvider]), the device's certificate
 *    traded for a role alias's credentials. Configured when `AWS_IOT_ROLE_ALIAS` or `AWS_IOT_CREDENTIALS_ENDPOINT` is
 *    set; then all of the first four below are required.
 * 4. Only when configured: Amazon Cognito ([CognitoCredentialsProvider]) with an unauthenticated (guest) identity of
 *    the pool in `AWS_COGNITO_IDENTITY_POOL_ID`. For logins, build a [CognitoCredentialsProvider] yourself.
 *
 * Settings of 3 and 4: an environment variable, else the property in the profile's section of the AWS config file
 * (`AWS_CONFIG_FILE` or `~/.aws/config`, profile `AWS_PROFILE` or `default`):
 *
 * | Environment variable | Config-file property | Meaning |
 * |---|---|---|
 * | `AWS_IOT_CREDENTIALS_ENDPOINT` | `iot_credentials_endpoint` | `<prefix>.credentials.iot.<region>.amazonaws.com` (`aws iot describe-endpoint --endpoint-type iot:CredentialProvider`), a `host:port` or an `https://` URL |
 * | `AWS_IOT_ROLE_ALIAS` | `iot_role_alias` | the role alias |
 * | `AWS_IOT_CERTIFICATE_FILE` | `iot_certificate_file` | the device certificate, PEM |
 * | `AWS_IOT_PRIVATE_KEY_FILE` | `iot_private_key_file` | its private key, PEM, unencrypted |
 * | `AWS_IOT_THING_NAME` | `iot_thing_name` | optional: sent as `x-amzn-iot-thingname` (Greengrass sets this variable for its components) |
 * | `AWS_COGNITO_IDENTITY_POOL_ID` | `cognito_identity_pool_id` | `<region>:<uuid>`; the region is taken from it |
 * | `AWS_ENDPOINT_URL_COGNITO_IDENTITY` | — | optional: another Cognito endpoint (the AWS SDKs' service-specific endpoint variable) |
 * | `AWS_CA_BUNDLE` | `ca_bundle` | optional: a PEM file of CAs trusted for both endpoints instead of the JVM's (the AWS SDKs' setting) |
 *
 * Blank values count as unset; file paths may start with `~`. Nothing configured leaves the chain as 1 and 2 only.
 * The chain is decided on the first [resolve] and kept for the life of the process; the providers in it use the JDK
 * HTTP engine, or OkHttp where `java.net.http` is missing (Android, see [dev.iotsdk.common.HttpEngine]).
 *
 * ```kotlin
 * val creds = DefaultCredentialsProvider.resolve()
 * ```
 * From Java: `DefaultCredentialsProvider.INSTANCE`, resolved with [CredentialsProviders.resolveAsync].
 */
public object DefaultCredentialsProvider : CredentialsProvider {
    private val chain = DefaultChain(System::getenv)

    /**
     * @throws CredentialsException listing, in order, why each place gave no credentials (a configured but incomplete
     * IoT or Cognito setting says which settings are missing).
     */
    override suspend fun resolve(): Credentials = chain.resolve()

    /** Names the provider. */
    override fun toString(): String = "DefaultCredentialsProvider"
}
