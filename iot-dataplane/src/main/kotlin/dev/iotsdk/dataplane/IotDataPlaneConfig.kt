package dev.iotsdk.dataplane

import dev.iotsdk.auth.CredentialsProvider
import dev.iotsdk.auth.DefaultCredentialsProvider
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.common.HttpEngine
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toKotlinDuration

/**
 * The immutable configuration of an [IotDataPlaneClient]. Build it with the Kotlin DSL (`IotDataPlaneClient { … }`)
 * or [builder] from Java; [toBuilder] makes variants.
 *
 * | Setting | Default | Meaning |
 * |---|---|---|
 * | [region] | none | the region of the credential scope; also picks `https://data-ats.iot.<region>.amazonaws.com` when [endpoint] is not set |
 * | [endpoint] | from [region] | the account's data endpoint (`aws iot describe-endpoint --endpoint-type iot:Data-ATS`), as `https://host[:port]` or a bare host |
 * | [credentialsProvider] | [DefaultCredentialsProvider] | asked before every request, so rotating credentials are picked up mid-pagination |
 * | [trust] | [TrustMaterial.system] | CAs trusted for the server certificate (the emulator's CA in tests) |
 * | [engine] | [HttpEngine.JAVA] | the HTTP engine: the JDK client ([HttpEngine.OKHTTP] on Android) |
 * | [connectTimeout] | 10 s | TCP + TLS connect (the engine's own connect timeout) |
 * | [requestTimeout] | 30 s | one attempt, from sending to the last byte of the response, on every engine |
 * | [maxAttempts] | 3 | attempts per call: throttling is retried for every operation, 5xx and network errors only for idempotent ones (GET, DELETE) |
 * | [retryBaseDelay] | 100 ms | first backoff; doubles per attempt, full jitter |
 * | [maxRetryDelay] | 5 s | backoff cap |
 * | [signingName] | `iotdata` | the SigV4 service name (the AWS SDKs use `iotdata`; `iotdevicegateway` also works) |
 */
public class IotDataPlaneConfig private constructor(builder: Builder) {
    /** The signing region. */
    public val region: String = builder.region ?: regionFromEndpoint(builder.endpoint)
        ?: throw IllegalArgumentException("set region (or an endpoint of the form …iot.<region>.amazonaws.com)")

    /** The base URL requests go to, `https://host[:port]`, without a trailing slash. */
    public val endpoint: String = normalise(builder.endpoint) ?: "https://data-ats.iot.$region.amazonaws.com"

    /** Where credentials come from. */
    public val credentialsProvider: CredentialsProvider = builder.credentialsProvider

    /** The trusted CAs. */
    public val trust: TrustMaterial = builder.trust ?: TrustMaterial.system()

    /** The HTTP engine. */
    public val engine: HttpEngine = builder.engine

    /** Connect timeout. */
    public val connectTimeout: Duration = builder.connectTimeout

    /** Per-attempt request timeout. */
    public val requestTimeout: Duration = builder.requestTimeout

    /** Attempts per call (1 = no retries). */
    public val maxAttempts: Int = builder.maxAttempts

    /** First retry delay. */
    public val retryBaseDelay: Duration = builder.retryBaseDelay

    /** Retry delay cap. */
    public val maxRetryDelay: Duration = builder.maxRetryDelay

    /** The SigV4 service name. */
    public val signingName: String = builder.signingName

    init {
        require(maxAttempts in 1..MAX_ATTEMPTS) { "maxAttempts must be between 1 and $MAX_ATTEMPTS" }
        require(connectTimeout.isPositive() && requestTimeout.isPositive()) { "timeouts must be positive" }
        require(!retryBaseDelay.isNegative() && maxRetryDelay >= retryBaseDelay) {
            "need 0 <= retryBaseDelay <= maxRetryDelay"
        }
        require(signingName.isNotBlank()) { "signingName must not be blank" }
    }

    /** A builder holding this configuration. */
    public fun toBuilder(): Builder = Builder().also {
        it.region = region
        it.endpoint = endpoint
        it.credentialsProvider = credentialsProvider
        it.trust = trust
        it.engine = engine
        it.connectTimeout = connectTimeout
        it.requestTimeout = requestTimeout
        it.maxAttempts = maxAttempts
        it.retryBaseDelay = retryBaseDelay
        it.maxRetryDelay = maxRetryDelay
        it.signingName = signingName
    }

    /** Shows the endpoint, region, engine and provider (never credentials). */
    override fun toString(): String =
        "IotDataPlaneConfig(endpoint=$endpoint, region=$region, engine=$engine, credentials=$credentialsProvider, " +
            "maxAttempts=$maxAttempts)"

    /**
     * Mutable builder; the Kotlin DSL sets the properties, Java chains the setter methods.
     *
     * ```java
     * IotDataPlaneConfig config = IotDataPlaneConfig.builder()
     *     .endpoint("https://abc123-ats.iot.eu-west-1.amazonaws.com")
     *     .region("eu-west-1")
     *     .credentialsProvider(DefaultCredentialsProvider.INSTANCE)
     *     .build();
     * ```
     */
    @DataPlaneDsl
    public class Builder {
        /** See [IotDataPlaneConfig.region]. */
        public var region: String? = null

        /** See [IotDataPlaneConfig.endpoint]. */
        public var endpoint: String? = null

        /** See [IotDataPlaneConfig.credentialsProvider]. */
        public var credentialsProvider: CredentialsProvider = DefaultCredentialsProvider

        /** See [IotDataPlaneConfig.trust]; `null` = the JVM's trust store. */
        public var trust: TrustMaterial? = null

        /** See [IotDataPlaneConfig.engine]. */
        public var engine: HttpEngine = HttpEngine.JAVA

        /** See [IotDataPlaneConfig.connectTimeout]. */
        public var connectTimeout: Duration = 10.seconds

        /** See [IotDataPlaneConfig.requestTimeout]. */
        public var requestTimeout: Duration = 30.seconds

        /** See [IotDataPlaneConfig.maxAttempts]. */
        public var maxAttempts: Int = 3

        /** See [IotDataPlaneConfig.retryBaseDelay]. */
        public var retryBaseDelay: Duration = 100.milliseconds

        /** See [IotDataPlaneConfig.maxRetryDelay]. */
        public var maxRetryDelay: Duration = 5.seconds

        /** See [IotDataPlaneConfig.signingName]. */
        public var signingName: String = "iotdata"

        /** Sets [region]. */
        public fun region(value: String): Builder = apply { region = value }

        /** Sets [endpoint]. */
        public fun endpoint(value: String): Builder = apply { endpoint = value }

        /** Sets [credentialsProvider]. */
        public fun credentialsProvider(value: CredentialsProvider): Builder = apply { credentialsProvider = value }

        /** Sets [trust]. */
        public fun trust(value: TrustMaterial): Builder = apply { trust = value }

        /** Sets [engine]. */
        public fun engine(value: HttpEngine): Builder = apply { engine = value }

        /** Sets [connectTimeout]. */
        public fun connectTimeout(value: java.time.Duration): Builder = apply {
            connectTimeout =
                value.toKotlinDuration()
        }

        /** Sets [requestTimeout]. */
        public fun requestTimeout(value: java.time.Duration): Builder = apply {
            requestTimeout =
                value.toKotlinDuration()
        }

        /** Sets [maxAttempts]. */
        public fun maxAttempts(value: Int): Builder = apply { maxAttempts = value }

        /** Sets [retryBaseDelay]. */
        public fun retryBaseDelay(value: java.time.Duration): Builder = apply {
            retryBaseDelay =
                value.toKotlinDuration()
        }

        /** Sets [maxRetryDelay]. */
        public fun maxRetryDelay(value: java.time.Duration): Builder =
            apply { maxRetryDelay = value.toKotlinDuration() }

        /** Sets [signingName]. */
        public fun signingName(value: String): Builder = apply { signingName = value }

        /**
         * The configuration.
         * @throws IllegalArgumentException when neither a region nor an endpoint naming one is set, or a value is out
         * of range.
         */
        public fun build(): IotDataPlaneConfig = IotDataPlaneConfig(this)
    }

    /** Factories. */
    public companion object {
        private const val MAX_ATTEMPTS = 10
        private val REGION_IN_HOST = Regex("""\.iot(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com""")

        /** A new [Builder]. */
        @JvmStatic
        public fun builder(): Builder = Builder()

        /** Kotlin DSL: `IotDataPlaneConfig { region = "eu-west-1" }`. */
        public operator fun invoke(block: Builder.() -> Unit): IotDataPlaneConfig = Builder().apply(block).build()

        private fun normalise(endpoint: String?): String? {
            val value = endpoint?.trim()?.trimEnd('/') ?: return null
            require(value.isNotEmpty()) { "endpoint must not be blank" }
            val url = if (value.contains("://")) value else "https://$value"
            require(url.startsWith("https://") || url.startsWith("http://")) {
                "endpoint must be an https:// URL or a host name"
            }
            return url
        }

        private fun regionFromEndpoint(endpoint: String?): String? = endpoint?.let {
            REGION_IN_HOST.find(it)?.groupValues?.get(1)
        }
    }
}
