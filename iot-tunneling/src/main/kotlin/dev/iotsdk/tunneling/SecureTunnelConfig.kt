package dev.iotsdk.tunneling

import dev.iotsdk.auth.TrustMaterial
import java.util.UUID
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

/**
 * The immutable configuration of a [SecureTunnel]; defaults are tabled in `docs/iot-tunneling.md`. Build it with the
 * DSL or [builder]; [toBuilder] for variants. [toString] leaves the tokens out.
 *
 * ```kotlin
 * val device = SecureTunnelConfig {
 *     mode = TunnelMode.DESTINATION
 *     accessToken = notification.clientAccessToken
 *     region = "eu-west-1"
 *     destination("SSH", "localhost", 22)
 * }
 * ```
 * ```java
 * SecureTunnelConfig operator = SecureTunnelConfig.builder().mode(TunnelMode.SOURCE).accessToken(token)
 *     .region("eu-west-1").source("SSH", 2222).build();
 * ```
 */
public class SecureTunnelConfig private constructor(b: Builder) {
    /** Which end this is. */
    public val mode: TunnelMode = requireNotNull(b.mode) { "mode is required" }

    /** The client access token of [mode] (secret). */
    public val accessToken: String = requireNotNull(b.accessToken?.takeIf { it.isNotEmpty() }) {
        "accessToken is required"
    }

    /** The region of the tunnel; the endpoint is `data.tunneling.iot.<region>.amazonaws.com` unless [endpoint]. */
    public val region: String? = b.region

    /** A host overriding the regional endpoint (the emulator: `localhost`). */
    public val endpoint: String =
        b.endpoint ?: "data.tunneling.iot.${requireNotNull(b.region) { "region is required" }}.amazonaws.com"

    /** The TLS port of [endpoint]. */
    public val port: Int = b.port

    /** The client token sent on every handshake of this tunnel, so reconnects may reuse the access token. */
    public val clientToken: String = b.clientToken ?: UUID.randomUUID().toString()

    /** Destination mode: where each service id's streams go (`""`: a V1 tunnel without service ids). */
    public val destinations: Map<String, Pair<String, Int>> = b.destinations.toMap()

    /** Source mode: the local port listened on for each service id (0: any free port, see [SecureTunnel.localPorts]). */
    public val sources: Map<String, Int> = b.sources.toMap()

    /** The CAs trusted for the tunneling endpoint's TLS certificate. */
    public val trust: TrustMaterial = b.trust

    /** How often a WebSocket ping is sent (AWS local proxy: 20 s). */
    public val pingInterval: Duration = b.pingInterval

    /** The first reconnect delay (full jitter, doubling). */
    public val reconnectBaseDelay: Duration = b.reconnectBaseDelay

    /** The longest reconnect delay. */
    public val reconnectMaxDelay: Duration = b.reconnectMaxDelay

    /** Protocol versions offered, newest first (`aws.iot.securetunneling-<v>.0`). */
    public val protocolVersions: List<Int> = b.protocolVersions.toList()

    /**
     * Messages buffered per local connection towards its TCP peer (at most 63 KiB each) before the tunnel waits; the
     * connection then holds at most `connectionBuffer + 2` messages (one waiting to enter, one being written).
     */
    public val connectionBuffer: Int = b.connectionBuffer

    init {
        require(clientToken.matches(Regex("[a-zA-Z0-9-]{32,128}"))) { "clientToken must match [a-zA-Z0-9-]{32,128}" }
        require(protocolVersions.isNotEmpty() && protocolVersions.all { it in 1..3 }) { "protocol versions are 1-3" }
        require(connectionBuffer > 0 && port in 1..MAX_PORT) { "connectionBuffer and port must be positive" }
        require(mode != TunnelMode.DESTINATION || destinations.isNotEmpty()) { "a destination needs a service" }
        require(mode != TunnelMode.SOURCE || sources.isNotEmpty()) { "a source needs a service" }
    }

    /** A builder holding this configuration's values. */
    public fun toBuilder(): Builder = Builder().also { n ->
        n.mode = mode
        n.accessToken = accessToken
        n.region = region
        n.endpoint = endpoint
        n.port = port
        n.clientToken = clientToken
        n.destinations.putAll(destinations)
        n.sources.putAll(sources)
        n.trust = trust
        n.pingInterval = pingInterval
        n.reconnectBaseDelay = reconnectBaseDelay
        n.reconnectMaxDelay = reconnectMaxDelay
        n.protocolVersions = protocolVersions
        n.connectionBuffer = connectionBuffer
    }

    override fun toString(): String =
        "SecureTunnelConfig(mode=$mode, endpoint=$endpoint:$port, destinations=$destinations, sources=$sources)"

    /** Sets the configuration's values; see the properties of [SecureTunnelConfig]. */
    @TunnelDsl
    public class Builder {
        /** See [SecureTunnelConfig.mode]. */
        public var mode: TunnelMode? = null

        /** See [SecureTunnelConfig.accessToken]. */
        public var accessToken: String? = null

        /** See [SecureTunnelConfig.region]. */
        public var region: String? = null

        /** See [SecureTunnelConfig.endpoint]. */
        public var endpoint: String? = null

        /** See [SecureTunnelConfig.port]. */
        public var port: Int = DEFAULT_PORT

        /** See [SecureTunnelConfig.clientToken]. */
        public var clientToken: String? = null
        internal val destinations = LinkedHashMap<String, Pair<String, Int>>()
        internal val sources = LinkedHashMap<String, Int>()

        /** See [SecureTunnelConfig.trust]. */
        public var trust: TrustMaterial = TrustMaterial.system()

        /** See [SecureTunnelConfig.pingInterval]. */
        public var pingInterval: Duration = 20.seconds

        /** See [SecureTunnelConfig.reconnectBaseDelay]. */
        public var reconnectBaseDelay: Duration = 1.seconds

        /** See [SecureTunnelConfig.reconnectMaxDelay]. */
        public var reconnectMaxDelay: Duration = 120.seconds

        /** See [SecureTunnelConfig.protocolVersions]. */
        public var protocolVersions: List<Int> = listOf(3, 2, 1)

        /** See [SecureTunnelConfig.connectionBuffer]. */
        public var connectionBuffer: Int = DEFAULT_BUFFER

        /** Destination mode: sends [serviceId]'s streams to [host]:[port]. */
        public fun destination(serviceId: String, host: String, port: Int): Builder = apply {
            destinations[serviceId] = host to port
        }

        /** Source mode: listens on localhost:[localPort] (0: any free port) for [serviceId]. */
        public fun source(serviceId: String, localPort: Int): Builder = apply { sources[serviceId] = localPort }

        /** Java: sets [mode]. */
        public fun mode(value: TunnelMode): Builder = apply { mode = value }

        /** Java: sets [accessToken]. */
        public fun accessToken(value: String): Builder = apply { accessToken = value }

        /** Java: sets [region]. */
        public fun region(value: String): Builder = apply { region = value }

        /** Java: sets [endpoint] and [port]. */
        public fun endpoint(host: String, port: Int): Builder = apply {
            endpoint = host
            this.port = port
        }

        /** Java: sets [trust]. */
        public fun trust(value: TrustMaterial): Builder = apply { trust = value }

        /** Java: sets [clientToken]. */
        public fun clientToken(value: String): Builder = apply { clientToken = value }

        /** The configuration. @throws IllegalArgumentException when a required value is missing or invalid. */
        public fun build(): SecureTunnelConfig = SecureTunnelConfig(this)
    }

    /** Entry points: [builder] for Java, `SecureTunnelConfig { … }` for Kotlin. */
    public companion object {
        private const val DEFAULT_PORT = 443
        private const val MAX_PORT = 65535
        private const val DEFAULT_BUFFER = 16

        /** A new [Builder]. */
        @JvmStatic
        public fun builder(): Builder = Builder()

        /** Builds a configuration with the DSL. */
        public operator fun invoke(block: Builder.() -> Unit): SecureTunnelConfig = Builder().apply(block).build()
    }
}

/** Marks the tunneling configuration DSL. */
@DslMarker
public annotation class TunnelDsl
