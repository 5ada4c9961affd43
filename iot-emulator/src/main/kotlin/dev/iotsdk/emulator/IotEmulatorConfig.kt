package dev.iotsdk.emulator

import dev.iotsdk.emulator.internal.ServerNames
import java.nio.file.Path

/**
 * The immutable configuration of an [IotEmulator].
 *
 * | Setting | Default | Meaning |
 * |---|---|---|
 * | `region` | `us-east-1` | region in ARNs and the SigV4 credential scope |
 * | `accountId` | `123456789012` | account in ARNs |
 * | `mqttPort` | 0 (free port) | mutual-TLS MQTT, the "8883" role |
 * | `port443` | 0 (free port) | the ALPN-routing port, the "443" role |
 * | `port8443` | 0 (free port) | HTTPS with a client certificate, the "8443" role (Greengrass discovery) |
 * | `plainPort` | 0 (free port) | plain MQTT over TCP, when `enablePlainPort` |
 * | `enablePlainPort` | `true` | open the plain port (anonymous clients, default policy) |
 * | `dataDir` | `null` (temp folder deleted on close) | where PEM files and broker state live; a given folder keeps the CA, the registry, retained messages and every service's state across restarts (docs/iot-emulator.md) |
 * | `defaultPolicy` | allow all `iot:*` on `*` | the policy for principals with nothing attached |
 * | `defaultRolePolicy` | the device data actions on `*` | the IAM policy of roles with no policy put on them |
 * | `brokerLogLevel` | `WARN` | log level of the embedded broker and Netty (logback) |
 * | `eventLogCapacity` | 4096 | how many past events [IotEmulator.awaitEvent] can still see |
 * | `maxSessionExpirySeconds` | 3600 | AWS IoT's "Persistent session expiry period" (1 hour, adjustable up to 7 days = 604800): how long the broker keeps a disconnected client's persistent session; a longer MQTT 5 Session Expiry Interval is lowered to it (returned in CONNACK), an MQTT 3.1.1 `cleanSession = false` session gets it |
 * | `shadowInFlightLimit` | 0 (off) | Device Shadow: more requests in flight on one connection are refused with 429 (AWS: 10) |
 * | `shadowRequestsPerSecond` | 0 (off) | Device Shadow: more requests per second and thing are refused with 429 (AWS: 20) |
 * | `httpRequestTimeoutMillis` | 20000 | HTTPS: a request must be complete this long after its first byte, else 408 and close |
 * | `httpIdleTimeoutMillis` | 60000 | HTTPS: a keep-alive connection without a request for this long is closed |
 * | `serverNames` | empty | names the server certificate carries besides `localhost` (DNS names or IP addresses) |
 *
 * The server certificate names `localhost` only, as AWS IoT's name DNS hosts only: a client that connects by IP
 * address fails here as it would on AWS. Add a name on purpose with `serverNames` (say `10.0.2.2` for an app in the
 * Android emulator, or a DNS name that resolves to this machine); the listeners stay on 127.0.0.1.
 *
 * The shadow throttles are off by default so tests and benchmarks can drive a shadow hard; set them to AWS IoT's
 * values ([AWS_SHADOW_IN_FLIGHT_LIMIT], [AWS_SHADOW_REQUESTS_PER_SECOND]) to see how a device copes with 429s.
 *
 * Kotlin: `IotEmulatorConfig { region = "eu-west-1" }`; Java:
 * `IotEmulatorConfig.builder().region("eu-west-1").build()`.
 */
public class IotEmulatorConfig private constructor(builder: Builder) {
    /** Creates the default configuration. */
    public constructor() : this(Builder())

    /** The region. */
    public val region: String = builder.region

    /** The account id. */
    public val accountId: String = builder.accountId

    /** The fixed mutual-TLS port, or 0 for a free one. */
    public val mqttPort: Int = builder.mqttPort

    /** The fixed ALPN-routing port, or 0 for a free one. */
    public val port443: Int = builder.port443

    /** The fixed mutual-TLS HTTPS port (the "8443" role), or 0 for a free one. */
    public val port8443: Int = builder.port8443

    /** The fixed plain MQTT port, or 0 for a free one. */
    public val plainPort: Int = builder.plainPort

    /** Whether the plain MQTT port is opened. */
    public val enablePlainPort: Boolean = builder.enablePlainPort

    /** The data directory, or `null` for a temporary one deleted by [IotEmulator.close]. */
    public val dataDir: Path? = builder.dataDir

    /** The AWS IoT policy JSON applied to principals that have no policy attached. */
    public val defaultPolicy: String = builder.defaultPolicy

    /**
     * The IAM policy JSON of roles that have no policy put on them (role-alias and Cognito credentials of such a
     * role, or of an identity pool without roles, get it). By default [DEVICE_ROLE_POLICY]: MQTT and the data
     * plane's device operations, no control-plane action. Set [DENY_ALL_ROLE_POLICY] to make every role grant only
     * what is put on it, as in IAM.
     */
    public val defaultRolePolicy: String = builder.defaultRolePolicy

    /** Log level (logback name) for the embedded broker and Netty. */
    public val brokerLogLevel: String = builder.brokerLogLevel

    /** How many past events are kept for [IotEmulator.awaitEvent]. */
    public val eventLogCapacity: Int = builder.eventLogCapacity

    /** See the defaults table. */
    public val maxSessionExpirySeconds: Long = builder.maxSessionExpirySeconds

    /** Device Shadow in-flight requests allowed per connection before 429; 0 for no limit. */
    public val shadowInFlightLimit: Int = builder.shadowInFlightLimit

    /** Device Shadow requests allowed per second and thing before 429; 0 for no limit. */
    public val shadowRequestsPerSecond: Int = builder.shadowRequestsPerSecond

    /** HTTPS: how long after its first byte a request (head and body) must be complete; else 408 and close. */
    public val httpRequestTimeoutMillis: Long = builder.httpRequestTimeoutMillis

    /** HTTPS: how long a keep-alive connection may wait without a request before it is closed. */
    public val httpIdleTimeoutMillis: Long = builder.httpIdleTimeoutMillis

    /** Extra names of the server certificate (DNS names or IP address literals), after `localhost`. */
    public val serverNames: List<String> = builder.serverNames.toList()

    init {
        require(httpRequestTimeoutMillis > 0 && httpIdleTimeoutMillis > 0) { "HTTP timeouts must be positive" }
        require(shadowInFlightLimit >= 0 && shadowRequestsPerSecond >= 0) { "shadow limits must not be negative" }
        require(region.isNotBlank()) { "region must not be blank" }
        require(accountId.matches(Regex("[0-9]{12}"))) { "accountId must be 12 digits, was '$accountId'" }
        listOf(mqttPort, port443, port8443, plainPort).forEach { require(it in 0..65535) { "port out of range: $it" } }
        require(eventLogCapacity > 0) { "eventLogCapacity must be positive" }
        require(maxSessionExpirySeconds in 1..MAX_SESSION_EXPIRY_SECONDS) {
            "maxSessionExpirySeconds must be between 1 and $MAX_SESSION_EXPIRY_SECONDS (7 days, AWS IoT's maximum)"
        }
        serverNames.forEach { name -> ServerNames.problem(name)?.let { throw IllegalArgumentException(it) } }
    }

    /** A builder initialised with this configuration. */
    public fun toBuilder(): Builder = Builder().also {
        it.region = region
        it.accountId = accountId
        it.mqttPort = mqttPort
        it.port443 = port443
        it.port8443 = port8443
        it.plainPort = plainPort
        it.enablePlainPort = enablePlainPort
        it.dataDir = dataDir
        it.defaultPolicy = defaultPolicy
        it.defaultRolePolicy = defaultRolePolicy
        it.brokerLogLevel = brokerLogLevel
        it.eventLogCapacity = eventLogCapacity
        it.maxSessionExpirySeconds = maxSessionExpirySeconds
        it.shadowInFlightLimit = shadowInFlightLimit
        it.shadowRequestsPerSecond = shadowRequestsPerSecond
        it.httpRequestTimeoutMillis = httpRequestTimeoutMillis
        it.httpIdleTimeoutMillis = httpIdleTimeoutMillis
        it.serverNames = serverNames
    }

    /** Builds [IotEmulatorConfig]; the properties are the Kotlin DSL, the fluent methods the Java view. */
    @EmulatorDsl
    @Suppress("TooManyFunctions") // one fluent setter per setting, the Java view of the DSL's properties
    public class Builder {
        /** See [IotEmulatorConfig.region]. */
        public var region: String = "us-east-1"

        /** See [IotEmulatorConfig.accountId]. */
        public var accountId: String = "123456789012"

        /** See [IotEmulatorConfig.mqttPort]. */
        public var mqttPort: Int = 0

        /** See [IotEmulatorConfig.port443]. */
        public var port443: Int = 0

        /** See [IotEmulatorConfig.port8443]. */
        public var port8443: Int = 0

        /** See [IotEmulatorConfig.plainPort]. */
        public var plainPort: Int = 0

        /** See [IotEmulatorConfig.enablePlainPort]. */
        public var enablePlainPort: Boolean = true

        /** See [IotEmulatorConfig.dataDir]. */
        public var dataDir: Path? = null

        /** See [IotEmulatorConfig.defaultPolicy]. */
        public var defaultPolicy: String = ALLOW_ALL_POLICY

        /** See [IotEmulatorConfig.defaultRolePolicy]. */
        public var defaultRolePolicy: String = DEVICE_ROLE_POLICY

        /** See [IotEmulatorConfig.brokerLogLevel]. */
        public var brokerLogLevel: String = "WARN"

        /** See [IotEmulatorConfig.eventLogCapacity]. */
        public var eventLogCapacity: Int = 4096

        /** See [IotEmulatorConfig.maxSessionExpirySeconds]. */
        public var maxSessionExpirySeconds: Long = 3600

        /** See [IotEmulatorConfig.shadowInFlightLimit]. */
        public var shadowInFlightLimit: Int = 0

        /** See [IotEmulatorConfig.shadowRequestsPerSecond]. */
        public var shadowRequestsPerSecond: Int = 0

        /** See [IotEmulatorConfig.httpRequestTimeoutMillis]. */
        public var httpRequestTimeoutMillis: Long = 20_000

        /** See [IotEmulatorConfig.httpIdleTimeoutMillis]. */
        public var httpIdleTimeoutMillis: Long = 60_000

        /** See [IotEmulatorConfig.serverNames]. */
        public var serverNames: List<String> = emptyList()

        /** Sets [region]. */
        public fun region(value: String): Builder = apply { region = value }

        /** Sets [accountId]. */
        public fun accountId(value: String): Builder = apply { accountId = value }

        /** Sets [mqttPort]. */
        public fun mqttPort(value: Int): Builder = apply { mqttPort = value }

        /** Sets [port443]. */
        public fun port443(value: Int): Builder = apply { port443 = value }

        /** Sets [port8443]. */
        public fun port8443(value: Int): Builder = apply { port8443 = value }

        /** Sets [plainPort]. */
        public fun plainPort(value: Int): Builder = apply { plainPort = value }

        /** Sets [enablePlainPort]. */
        public fun enablePlainPort(value: Boolean): Builder = apply { enablePlainPort = value }

        /** Sets [dataDir]. */
        public fun dataDir(value: Path?): Builder = apply { dataDir = value }

        /** Sets [defaultPolicy]. */
        public fun defaultPolicy(value: String): Builder = apply { defaultPolicy = value }

        /** Sets [defaultRolePolicy]. */
        public fun defaultRolePolicy(value: String): Builder = apply { defaultRolePolicy = value }

        /** Sets [brokerLogLevel]. */
        public fun brokerLogLevel(value: String): Builder = apply { brokerLogLevel = value }

        /** Sets [eventLogCapacity]. */
        public fun eventLogCapacity(value: Int): Builder = apply { eventLogCapacity = value }

        /** Sets [maxSessionExpirySeconds]. */
        public fun maxSessionExpirySeconds(value: Long): Builder = apply { maxSessionExpirySeconds = value }

        /** Sets [shadowInFlightLimit]. */
        public fun shadowInFlightLimit(value: Int): Builder = apply { shadowInFlightLimit = value }

        /** Sets [shadowRequestsPerSecond]. */
        public fun shadowRequestsPerSecond(value: Int): Builder = apply { shadowRequestsPerSecond = value }

        /** Sets [httpRequestTimeoutMillis]. */
        public fun httpRequestTimeoutMillis(value: Long): Builder = apply { httpRequestTimeoutMillis = value }

        /** Sets [httpIdleTimeoutMillis]. */
        public fun httpIdleTimeoutMillis(value: Long): Builder = apply { httpIdleTimeoutMillis = value }

        /** Sets [serverNames], e.g. `serverNames(listOf("10.0.2.2"))`. */
        public fun serverNames(value: List<String>): Builder = apply { serverNames = value.toList() }

        /** Builds the configuration. @throws IllegalArgumentException when a value is invalid. */
        public fun build(): IotEmulatorConfig = IotEmulatorConfig(this)
    }

    /** Factories and constants. */
    public companion object {
        /** The longest persistent session AWS IoT allows (7 days), the upper bound of [maxSessionExpirySeconds]. */
        public const val MAX_SESSION_EXPIRY_SECONDS: Long = 604_800

        /** The default policy: allow every IoT action on every resource. */
        public const val ALLOW_ALL_POLICY: String =
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:*","Resource":"*"}]}"""

        /**
         * The default [defaultRolePolicy]: `iot:Connect`, `iot:Publish`, `iot:Subscribe`, `iot:Receive`,
         * `iot:RetainPublish` and the data plane's shadow and retained-message reads and writes, on every resource.
         */
        public const val DEVICE_ROLE_POLICY: String =
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iot:Connect","iot:Publish",""" +
                """"iot:Subscribe","iot:Receive","iot:RetainPublish","iot:GetThingShadow","iot:UpdateThingShadow",""" +
                """"iot:DeleteThingShadow","iot:ListNamedShadowsForThing","iot:GetRetainedMessage",""" +
                """"iot:ListRetainedMessages"],"Resource":"*"}]}"""

        /** A [defaultRolePolicy] that grants nothing: a role may do only what a policy put on it allows. */
        public const val DENY_ALL_ROLE_POLICY: String =
            """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}"""

        /** AWS IoT's Device Shadow limit of in-flight requests per connection. */
        public const val AWS_SHADOW_IN_FLIGHT_LIMIT: Int = 10

        /** AWS IoT's Device Shadow limit of requests per second and thing. */
        public const val AWS_SHADOW_REQUESTS_PER_SECOND: Int = 20

        /** A new builder with the defaults. */
        @JvmStatic
        public fun builder(): Builder = Builder()

        /** Kotlin DSL: `IotEmulatorConfig { region = "eu-west-1" }`. */
        public operator fun invoke(block: Builder.() -> Unit): IotEmulatorConfig = Builder().apply(block).build()
    }
}
