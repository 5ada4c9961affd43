package dev.iotsdk.greengrass

import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.common.HttpEngine
import dev.iotsdk.core.InvalidConfigurationException
import dev.iotsdk.core.IotSdkDsl
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toJavaDuration
import kotlin.time.toKotlinDuration

/**
 * The immutable configuration of a [GreengrassDiscoveryClient].
 *
 * | setting | default |
 * |---|---|
 * | [endpoint] | `greengrass-ats.iot.<region>.amazonaws.com` (`.amazonaws.com.cn` in China regions) |
 * | [alpn] | `false`: port 8443; `true`: port 443 offering ALPN `x-amzn-http-ca` |
 * | [port] | 8443, or 443 with [alpn] |
 * | [engine] | [HttpEngine.JAVA]; [HttpEngine.OKHTTP] on Android (port 8443 only, no [alpn]) |
 * | [trust] | the JVM's trust store (Amazon Root CA 1 on current JVMs) |
 * | [timeout] | 30 s per HTTP request (connect, TLS, response) |
 * | [maxResponseBytes] | 1 MiB; a bigger answer is refused |
 * | [throttleRetries] | 3 retries of a 429 answer, exponential backoff from [retryBaseDelay] to [retryMaxDelay] |
 *
 * ```kotlin
 * val config = GreengrassDiscoveryConfig {
 *     region = "us-west-2"
 *     identity = TlsIdentity.fromPemFiles(cert, key)
 * }
 * ```
 * ```java
 * GreengrassDiscoveryConfig config = GreengrassDiscoveryConfig.builder()
 *     .region("us-west-2").identity(TlsIdentity.fromPemFiles(cert, key)).build();
 * ```
 */
public class GreengrassDiscoveryConfig private constructor(builder: Builder) {
    /** The region, when the endpoint is derived from it. */
    public val region: String? = builder.region

    /** The discovery host name. */
    public val endpoint: String = builder.endpoint ?: builder.region?.let { endpointForRegion(it) }
        ?: throw InvalidConfigurationException("Set region (or endpoint) of the Greengrass discovery client")

    /** The device certificate and key; discovery accepts TLS mutual authentication only. */
    public val identity: TlsIdentity = builder.identity
        ?: throw InvalidConfigurationException(
            "Set identity: Greengrass discovery requires the device certificate (mutual TLS)",
        )

    /** The CAs trusted for the discovery server's certificate. */
    public val trust: TrustMaterial = builder.trust ?: TrustMaterial.system()

    /** Whether to offer ALPN `x-amzn-http-ca` (required by AWS on port 443). */
    public val alpn: Boolean = builder.alpn

    /** The port. */
    public val port: Int = builder.port ?: if (builder.alpn) ALPN_PORT else DEFAULT_PORT

    /** The HTTP engine. */
    public val engine: HttpEngine = builder.engine

    /** The deadline of one HTTP request. */
    public val timeout: Duration = builder.timeout

    /** The largest response body accepted. */
    public val maxResponseBytes: Int = builder.maxResponseBytes

    /** How many times a throttled (429) request is retried. */
    public val throttleRetries: Int = builder.throttleRetries

    /** The first backoff delay after a 429. */
    public val retryBaseDelay: Duration = builder.retryBaseDelay

    /** The largest backoff delay. */
    public val retryMaxDelay: Duration = builder.retryMaxDelay

    init {
        if (port !in 1..MAX_PORT) throw InvalidConfigurationException("port must be in 1..65535, was $port")
        if (alpn && engine == HttpEngine.OKHTTP) {
            throw InvalidConfigurationException(
                "alpn (x-amzn-http-ca on port 443) needs engine = HttpEngine.JAVA: OkHttp cannot offer that " +
                    "protocol name; with OKHTTP (Android) use port 8443 (alpn = false)",
            )
        }
        if (!timeout.isPositive()) throw InvalidConfigurationException("timeout must be positive")
        if (maxResponseBytes <= 0) throw InvalidConfigurationException("maxResponseBytes must be positive")
        if (throttleRetries < 0) throw InvalidConfigurationException("throttleRetries must be >= 0")
        if (!retryBaseDelay.isPositive() || retryMaxDelay < retryBaseDelay) {
            throw InvalidConfigurationException("retryBaseDelay must be positive and <= retryMaxDelay")
        }
    }

    /** [timeout] as a [java.time.Duration], for Java callers. */
    public fun timeoutJava(): java.time.Duration = timeout.toJavaDuration()

    /** [retryBaseDelay] as a [java.time.Duration], for Java callers. */
    public fun retryBaseDelayJava(): java.time.Duration = retryBaseDelay.toJavaDuration()

    /** [retryMaxDelay] as a [java.time.Duration], for Java callers. */
    public fun retryMaxDelayJava(): java.time.Duration = retryMaxDelay.toJavaDuration()

    /** A builder holding this configuration's values. */
    public fun toBuilder(): Builder = Builder().also {
        it.region = region
        it.endpoint = endpoint
        it.identity = identity
        it.trust = trust
        it.alpn = alpn
        it.port = port
        it.engine = engine
        it.timeout = timeout
        it.maxResponseBytes = maxResponseBytes
        it.throttleRetries = throttleRetries
        it.retryBaseDelay = retryBaseDelay
        it.retryMaxDelay = retryMaxDelay
    }

    override fun toString(): String =
        "GreengrassDiscoveryConfig(endpoint=$endpoint, port=$port, alpn=$alpn, engine=$engine, timeout=$timeout)"

    /** Builder for [GreengrassDiscoveryConfig]; the Kotlin DSL sets its properties. */
    @IotSdkDsl
    public class Builder {
        /** See [GreengrassDiscoveryConfig.region]. */
        public var region: String? = null

        /** See [GreengrassDiscoveryConfig.endpoint]. */
        public var endpoint: String? = null

        /** See [GreengrassDiscoveryConfig.identity]. */
        public var identity: TlsIdentity? = null

        /** See [GreengrassDiscoveryConfig.trust]. */
        public var trust: TrustMaterial? = null

        /** See [GreengrassDiscoveryConfig.alpn]. */
        public var alpn: Boolean = false

        /** See [GreengrassDiscoveryConfig.port]. */
        public var port: Int? = null

        /** See [GreengrassDiscoveryConfig.engine]. */
        public var engine: HttpEngine = HttpEngine.JAVA

        /** See [GreengrassDiscoveryConfig.timeout]. */
        public var timeout: Duration = 30.seconds

        /** See [GreengrassDiscoveryConfig.maxResponseBytes]. */
        public var maxResponseBytes: Int = 1024 * 1024

        /** See [GreengrassDiscoveryConfig.throttleRetries]. */
        public var throttleRetries: Int = 3

        /** See [GreengrassDiscoveryConfig.retryBaseDelay]. */
        public var retryBaseDelay: Duration = 500.milliseconds

        /** See [GreengrassDiscoveryConfig.retryMaxDelay]. */
        public var retryMaxDelay: Duration = 10.seconds

        /** Sets [region]. */
        public fun region(region: String): Builder = apply { this.region = region }

        /** Sets [endpoint]. */
        public fun endpoint(endpoint: String): Builder = apply { this.endpoint = endpoint }

        /** Sets [identity]. */
        public fun identity(identity: TlsIdentity): Builder = apply { this.identity = identity }

        /** Sets [trust]. */
        public fun trust(trust: TrustMaterial): Builder = apply { this.trust = trust }

        /** Sets [alpn]. */
        public fun alpn(alpn: Boolean): Builder = apply { this.alpn = alpn }

        /** Sets [port]. */
        public fun port(port: Int): Builder = apply { this.port = port }

        /** Sets [engine]. */
        public fun engine(engine: HttpEngine): Builder = apply { this.engine = engine }

        /** Sets [timeout]. */
        public fun timeout(timeout: java.time.Duration): Builder = apply { this.timeout = timeout.toKotlinDuration() }

        /** Sets [maxResponseBytes]. */
        public fun maxResponseBytes(bytes: Int): Builder = apply { maxResponseBytes = bytes }

        /** Sets [throttleRetries]. */
        public fun throttleRetries(retries: Int): Builder = apply { throttleRetries = retries }

        /** Sets [retryBaseDelay] and [retryMaxDelay]. */
        public fun retryDelays(base: java.time.Duration, max: java.time.Duration): Builder = apply {
            retryBaseDelay = base.toKotlinDuration()
            retryMaxDelay = max.toKotlinDuration()
        }

        /** Builds the configuration. @throws InvalidConfigurationException naming the missing or invalid setting. */
        public fun build(): GreengrassDiscoveryConfig = GreengrassDiscoveryConfig(this)
    }

    /** Factories and constants. */
    public companion object {
        /** The port of discovery without ALPN. */
        public const val DEFAULT_PORT: Int = 8443

        /** The port of discovery with ALPN `x-amzn-http-ca`. */
        public const val ALPN_PORT: Int = 443

        /** The ALPN protocol name AWS requires on port 443. */
        public const val ALPN_PROTOCOL: String = "x-amzn-http-ca"

        private const val MAX_PORT = 65535
        private val CHINA_REGIONS = setOf("cn-north-1", "cn-northwest-1")

        /** The discovery host of [region], as the v2 SDKs derive it: `greengrass-ats.iot.<region>.amazonaws.com`. */
        @JvmStatic
        public fun endpointForRegion(region: String): String =
            "greengrass-ats.iot.$region." + if (region in CHINA_REGIONS) "amazonaws.com.cn" else "amazonaws.com"

        /** A new builder. */
        @JvmStatic
        public fun builder(): Builder = Builder()

        /** Kotlin DSL. */
        public operator fun invoke(block: Builder.() -> Unit): GreengrassDiscoveryConfig =
            Builder().apply(block).build()
    }
}
