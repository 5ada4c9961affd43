package dev.iotsdk.auth

import dev.iotsdk.auth.internal.ClockSkew
import dev.iotsdk.auth.internal.CredentialsHttp
import dev.iotsdk.auth.internal.CredentialsLog
import dev.iotsdk.auth.internal.IotCredentialsWire
import dev.iotsdk.auth.internal.UriEncoding
import dev.iotsdk.auth.internal.retryingCredentials
import dev.iotsdk.common.HttpEngine
import java.time.Clock
import kotlin.time.Duration
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toKotlinDuration

/**
 * Temporary AWS credentials from the AWS IoT credentials provider: the device presents its X.509 certificate over
 * mutual TLS to `GET https://<endpoint>/role-aliases/<roleAlias>/credentials` (header `x-amzn-iot-thingname`) and
 * gets credentials for the IAM role behind the role alias. The AWS SDKs call it `X509CredentialsProvider`. Cached
 * until [refreshBefore] their expiration.
 *
 * | Setting | Default | Meaning |
 * |---|---|---|
 * | [endpoint] | required | `<prefix>.credentials.iot.<region>.amazonaws.com` (`DescribeEndpoint` type `iot:CredentialProvider`), a `host:port`, or an `https://` URL |
 * | [roleAlias] | required | the role alias name |
 * | [thingName] | `null` (header not sent) | the thing the certificate is attached to |
 * | `identity` | required | the device certificate and key ([TlsIdentity]) |
 * | `trust` | [TrustMaterial.system] | CAs trusted for the endpoint |
 * | [engine] | `null`: [HttpEngine.JAVA], or [HttpEngine.OKHTTP] where `java.net.http` is missing (Android) | the HTTP engine |
 * | `requestTimeout` | 10 s | per HTTP request |
 * | [maxAttempts] | 3 | tries for throttling, 5xx, timeouts and connection failures |
 * | [refreshBefore] | 5 min | refresh this long before expiry |
 *
 * ```kotlin
 * val provider = IotCredentialsProvider {
 *     endpoint = "c2xxxx.credentials.iot.eu-west-1.amazonaws.com"; roleAlias = "sensor-role"; thingName = "sensor-1"
 *     identity = TlsIdentity.fromPemFiles(cert, key)
 * }
 * ```
 * ```java
 * IotCredentialsProvider provider = IotCredentialsProvider.builder().endpoint(host).roleAlias("sensor-role")
 *     .thingName("sensor-1").identity(TlsIdentity.fromPemFiles(cert, key)).build();
 * ```
 * [resolve] throws [CredentialsNotAuthorizedException] (HTTP 403: the certificate is inactive or may not assume the
 * role alias, or the named thing is not attached to it), [CredentialsResourceNotFoundException] (404: no such role
 * alias), [CredentialsRoleConfigurationException] (400: the IAM role behind the alias cannot be assumed),
 * [CredentialsThrottledException] (429, after [maxAttempts]), a retryable [CredentialsServiceException] (5xx, after
 * [maxAttempts]) or a [CredentialsException] (timeouts and connection failures after [maxAttempts], TLS, a garbled or
 * already expired answer, a missing engine artifact at build time). Thread-safe; [close] releases the HTTP client.
 * Secrets never appear in messages, logs or [toString].
 */
public class IotCredentialsProvider private constructor(builder: Builder) :
    CredentialsProvider,
    AutoCloseable {
    /** The credentials endpoint as configured. */
    public val endpoint: String = requireNotNull(builder.endpoint) { "endpoint is required" }

    /** The role alias. */
    public val roleAlias: String = requireNotNull(builder.roleAlias) { "roleAlias is required" }

    /** The thing name sent in `x-amzn-iot-thingname`, or `null`. */
    public val thingName: String? = builder.thingName

    /** How long before expiry credentials are refreshed. */
    public val refreshBefore: Duration = builder.refreshBefore

    /** How many times a retryable failure is tried. */
    public val maxAttempts: Int = builder.maxAttempts

    /** The HTTP engine in use (the one chosen, or the platform's default when none was). */
    public val engine: HttpEngine = CredentialsHttp.engine(builder.engine)

    private val clock: Clock = builder.clock
    private val url: String = (if (endpoint.contains("://")) endpoint.trimEnd('/') else "https://$endpoint") +
        "/role-aliases/${UriEncoding.encode(roleAlias)}/credentials"

    init {
        require(roleAlias.isNotBlank()) { "roleAlias must not be blank" }
        require(maxAttempts >= 1) { "maxAttempts must be at least 1" }
    }

    private val http = CredentialsHttp(
        engine,
        requireNotNull(builder.identity) { "identity is required" },
        builder.trust ?: TrustMaterial.system(),
        builder.requestTimeout,
        SERVICE,
    )
    private val cache = CachingCredentialsProvider({ fetch() }, refreshBefore, clock)

    /**
     * Cached credentials, or new ones when none are cached or they expire within [refreshBefore].
     * @throws CredentialsException (or a [CredentialsServiceException] subclass) when the service gives none.
     */
    override suspend fun resolve(): Credentials = cache.resolve()

    /** Forgets the cached credentials; the next [resolve] asks the service. */
    public fun invalidate(): Unit = cache.invalidate()

    private suspend fun fetch(): Credentials = retryingCredentials(maxAttempts, this, "GetCredentials") {
        val headers = thingName?.let { mapOf(IotCredentialsWire.THING_NAME_HEADER to it) }.orEmpty()
        val answer = http.send("GET", url, headers, null)
        if (answer.status !in 200..299) throw IotCredentialsWire.error(roleAlias, answer)
        ClockSkew.localize(IotCredentialsWire.credentials(answer), answer.header("Date"), clock, SERVICE)
    }.also { CredentialsLog.obtained(this, it) }

    /** Releases the HTTP client. */
    override fun close(): Unit = http.close()

    /** Shows the endpoint, role alias and thing; never credentials. */
    override fun toString(): String =
        "IotCredentialsProvider(endpoint=$endpoint, roleAlias=$roleAlias, thingName=$thingName)"

    /** Collects the settings of an [IotCredentialsProvider] (see the table there). */
    public class Builder internal constructor() {
        /** The credentials endpoint (required). */
        public var endpoint: String? = null

        /** The role alias (required). */
        public var roleAlias: String? = null

        /** The thing name header, or `null`. */
        public var thingName: String? = null

        /** The device certificate and key (required). */
        public var identity: TlsIdentity? = null

        /** CAs trusted for the endpoint; `null` = the JVM's. */
        public var trust: TrustMaterial? = null

        /**
         * The HTTP engine; `null` (default) = [HttpEngine.JAVA] where `java.net.http` exists, else [HttpEngine.OKHTTP].
         */
        public var engine: HttpEngine? = null

        /** Per-request timeout. */
        public var requestTimeout: Duration = 10.seconds

        /** Tries for retryable failures. */
        public var maxAttempts: Int = 3

        /** Refresh this long before expiry. */
        public var refreshBefore: Duration = 5.minutes

        /** The clock expirations are compared with. */
        public var clock: Clock = Clock.systemUTC()

        /** Sets [endpoint]. */
        public fun endpoint(value: String): Builder = apply { endpoint = value }

        /** Sets [roleAlias]. */
        public fun roleAlias(value: String): Builder = apply { roleAlias = value }

        /** Sets [thingName]. */
        public fun thingName(value: String?): Builder = apply { thingName = value }

        /** Sets [identity]. */
        public fun identity(value: TlsIdentity): Builder = apply { identity = value }

        /** Sets [trust]. */
        public fun trust(value: TrustMaterial): Builder = apply { trust = value }

        /** Sets [engine]. */
        public fun engine(value: HttpEngine?): Builder = apply { engine = value }

        /** Sets [requestTimeout]. */
        public fun requestTimeout(value: java.time.Duration): Builder = apply {
            requestTimeout =
                value.toKotlinDuration()
        }

        /** Sets [maxAttempts]. */
        public fun maxAttempts(value: Int): Builder = apply { maxAttempts = value }

        /** Sets [refreshBefore]. */
        public fun refreshBefore(value: java.time.Duration): Builder =
            apply { refreshBefore = value.toKotlinDuration() }

        /** Sets [clock]. */
        public fun clock(value: Clock): Builder = apply { clock = value }

        /** Builds the provider. @throws IllegalArgumentException when a required setting is missing. */
        public fun build(): IotCredentialsProvider = IotCredentialsProvider(this)
    }

    /** Factories. */
    public companion object {
        /** A Java builder. */
        @JvmStatic
        public fun builder(): Builder = Builder()

        /** Kotlin DSL: `IotCredentialsProvider { endpoint = "…"; roleAlias = "…"; identity = … }`. */
        public operator fun invoke(block: Builder.() -> Unit): IotCredentialsProvider = Builder().apply(block).build()
    }
}

private const val SERVICE = "AWS IoT credentials provider"
