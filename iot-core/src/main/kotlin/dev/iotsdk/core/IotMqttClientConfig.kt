package dev.iotsdk.core

import dev.iotsdk.auth.CredentialsProvider
import dev.iotsdk.auth.TrustMaterial
import java.util.UUID
import kotlin.time.Duration
import kotlin.time.Duration.Companion.nanoseconds
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toJavaDuration

/**
 * The immutable configuration of an [IotMqttClient]. Build it with the Kotlin DSL (`IotMqttClient { … }`) or the Java
 * [Builder]; derive variants with [toBuilder].
 *
 * | setting | default |
 * |---|---|
 * | [port] | from [connectionType]: 8883 mutual TLS, 443 with ALPN/WebSocket/custom auth, 1883 plain TCP |
 * | [clientId] | `iotsdk-<uuid>` |
 * | [mqttVersion] | MQTT 5 |
 * | [keepAlive] | 1200 s (AWS IoT accepts 30–1200 s) |
 * | [cleanStart] / [sessionExpiry] | true / 0 (MQTT 5); `cleanStart = false` is a persistent 3.1.1 session |
 * | [connectTimeout] | 10 s (TCP + TLS + CONNACK) |
 * | [operationTimeout] | 30 s (from submission to acknowledgement; `null` waits as long as the queue holds it) |
 * | [reconnect] | [ReconnectPolicy.DEFAULT] |
 * | [offlineQueue] | [OfflineQueuePolicy] defaults |
 * | [flowControl] | off |
 * | [durableQueue] | none: QoS 1 publishes wait in memory |
 * | [awsIotLimits] | on: topic ≤ 256 bytes and ≤ 7 slashes, payload ≤ 128 KB, client id ≤ 128 bytes, ≤ 8 filters per SUBSCRIBE |
 * | [metrics] | on: `?SDK=iotsdk-kotlin&Version=<v>` appended to the username |
 * | [trust] | the JVM's trust store |
 * | [receiveMaximum] | 100 in-flight incoming QoS 1 messages |
 * | [subscriberBufferBytes] | 64 MiB of messages per subscription collector (QoS 0 beyond it: [IncomingOverflow]) |
 * | [subscriberBufferSize] | 64 QoS 1 messages per collector before their acknowledgements wait (back-pressure) |
 */
public class IotMqttClientConfig private constructor(builder: Builder) {
    /** The broker host, such as `a1b2c3-ats.iot.us-east-1.amazonaws.com`. */
    public val endpoint: String = requireNotNull(builder.endpoint) { "endpoint is required" }

    /** How the client connects and authenticates. */
    public val connectionType: ConnectionType = requireNotNull(builder.connectionType) {
        "connectionType is required (mutualTls, webSocketSigV4, customAuth or tcp)"
    }

    /** The broker port. */
    public val port: Int = builder.port ?: connectionType.defaultPort

    /** The MQTT client identifier. */
    public val clientId: String = builder.clientId ?: "iotsdk-${UUID.randomUUID()}"

    /** The protocol version. */
    public val mqttVersion: MqttVersion = builder.mqttVersion

    /** The keep-alive interval. */
    public val keepAlive: Duration = builder.keepAlive

    /** MQTT 5 clean start / MQTT 3.1.1 clean session. */
    public val cleanStart: Boolean = builder.cleanStart

    /** MQTT 5 session expiry interval. */
    public val sessionExpiry: Duration = builder.sessionExpiry

    /** The last will, published by the broker if the client disappears. */
    public val will: MqttMessage? = builder.will

    /** MQTT 5 will delay interval. */
    public val willDelay: Duration = builder.willDelay

    /** The CONNECT username, before the metrics suffix. */
    public val username: String? = builder.username

    /** The CONNECT password. */
    public val password: ByteArray? = builder.password

    /** Append `SDK=…&Version=…` to the username (AWS IoT usage metrics). */
    public val metrics: Boolean = builder.metrics

    /** The budget for one connection attempt: TCP, TLS, WebSocket and CONNACK. */
    public val connectTimeout: Duration = builder.connectTimeout

    /** The deadline of one publish/subscribe/unsubscribe, counted from submission; `null` for none. */
    public val operationTimeout: Duration? = builder.operationTimeout

    /** The reconnect policy. */
    public val reconnect: ReconnectPolicy = builder.reconnect

    /** The offline queue. */
    public val offlineQueue: OfflineQueuePolicy = builder.offlineQueue

    /** Client-side AWS IoT flow control, or `null` for none. */
    public val flowControl: FlowControl? = builder.flowControl

    /** A directory-backed queue for QoS 1 publishes, or `null` (default) for the in-memory queue; see [DurableQueue]. */
    public val durableQueue: DurableQueue? = builder.durableQueue

    /** Check AWS IoT's limits before sending; turn off for other brokers. */
    public val awsIotLimits: Boolean = builder.awsIotLimits

    /** Which server certificates to trust. */
    public val trust: TrustMaterial = builder.trust ?: TrustMaterial.system()

    /** A proxy to tunnel through, or `null`. */
    public val proxy: ProxyConfig? = builder.proxy

    /** MQTT 5 receive maximum: incoming QoS 1 messages the broker may have unacknowledged at once. */
    public val receiveMaximum: Int = builder.receiveMaximum

    /** MQTT 5 topic alias maximum for outgoing publishes (0: off). */
    public val topicAliasMaximum: Int = builder.topicAliasMaximum

    /**
     * QoS 1 messages buffered (and acknowledged) per subscription collector before further ones wait for room, some
     * unacknowledged (back-pressure through the broker's receive maximum; see [IncomingOverflow]). QoS 0 messages are
     * limited by [subscriberBufferBytes] only.
     */
    public val subscriberBufferSize: Int = builder.subscriberBufferSize

    /**
     * The memory ceiling of one subscription collector's buffer, in bytes, each message counted as its payload, its
     * topic and 128 bytes of bookkeeping: a burst of small QoS 0 messages (100,000 of 256 bytes) fits by default, and
     * beyond it [IncomingOverflow] decides. A message larger than the whole budget is still taken when the buffer is
     * empty.
     */
    public val subscriberBufferBytes: Int = builder.subscriberBufferBytes

    init {
        if (endpoint.isBlank()) throw InvalidConfigurationException("endpoint must not be blank")
        if (port !in 1..65535) throw InvalidConfigurationException("port $port is not in 1..65535")
        if (awsIotLimits && keepAlive != Duration.ZERO && keepAlive !in 30.seconds..1200.seconds) {
            throw InvalidConfigurationException("keepAlive $keepAlive is outside AWS IoT's 30 s..1200 s")
        }
        if (awsIotLimits && clientId.encodeToByteArray().size > AwsIotLimits.MAX_CLIENT_ID_BYTES) {
            throw InvalidConfigurationException("clientId is longer than ${AwsIotLimits.MAX_CLIENT_ID_BYTES} bytes")
        }
        if (clientId.startsWith("\$")) {
            throw InvalidConfigurationException("clientId must not start with '$' (reserved by AWS IoT)")
        }
        if (receiveMaximum !in 1..65535) throw InvalidConfigurationException("receiveMaximum must be in 1..65535")
        if (subscriberBufferSize < 1) throw InvalidConfigurationException("subscriberBufferSize must be positive")
        if (subscriberBufferBytes < 1) throw InvalidConfigurationException("subscriberBufferBytes must be positive")
        if (connectTimeout <= Duration.ZERO) throw InvalidConfigurationException("connectTimeout must be positive")
    }

    /** [keepAlive] as a [java.time.Duration], for Java callers. */
    public fun keepAliveJava(): java.time.Duration = keepAlive.toJavaDuration()

    /** [sessionExpiry] as a [java.time.Duration], for Java callers. */
    public fun sessionExpiryJava(): java.time.Duration = sessionExpiry.toJavaDuration()

    /** [willDelay] as a [java.time.Duration], for Java callers. */
    public fun willDelayJava(): java.time.Duration = willDelay.toJavaDuration()

    /** [connectTimeout] as a [java.time.Duration], for Java callers. */
    public fun connectTimeoutJava(): java.time.Duration = connectTimeout.toJavaDuration()

    /** [operationTimeout] as a [java.time.Duration], or `null`; for Java callers. */
    public fun operationTimeoutJava(): java.time.Duration? = operationTimeout?.toJavaDuration()

    /** A builder holding this configuration's values, to make a variant. */
    public fun toBuilder(): Builder = Builder().also { b ->
        b.endpoint = endpoint
        b.connectionType = connectionType
        b.port = port
        b.clientId = clientId
        b.mqttVersion = mqttVersion
        b.keepAlive = keepAlive
        b.cleanStart = cleanStart
        b.sessionExpiry = sessionExpiry
        b.will = will
        b.willDelay = willDelay
        b.username = username
        b.password = password
        b.metrics = metrics
        b.connectTimeout = connectTimeout
        b.operationTimeout = operationTimeout
        b.reconnect = reconnect
        b.offlineQueue = offlineQueue
        b.flowControl = flowControl
        b.durableQueue = durableQueue
        b.awsIotLimits = awsIotLimits
        b.trust = trust
        b.proxy = proxy
        b.receiveMaximum = receiveMaximum
        b.topicAliasMaximum = topicAliasMaximum
        b.subscriberBufferSize = subscriberBufferSize
        b.subscriberBufferBytes = subscriberBufferBytes
    }

    override fun toString(): String =
        "IotMqttClientConfig(endpoint=$endpoint, port=$port, connectionType=$connectionType, clientId=$clientId, " +
            "mqttVersion=$mqttVersion)"

    /**
     * Builds an [IotMqttClientConfig]: the Kotlin DSL's receiver and the Java builder.
     *
     * ```java
     * IotMqttClientConfig config = IotMqttClientConfig.builder()
     *     .endpoint("a1b2c3-ats.iot.us-east-1.amazonaws.com")
     *     .mutualTls(TlsIdentity.fromPemFiles(certPath, keyPath))
     *     .clientId("sensor-1")
     *     .build();
     * ```
     */
    @IotSdkDsl
    public class Builder {
        /** See [IotMqttClientConfig.endpoint]. */
        public var endpoint: String? = null

        /** See [IotMqttClientConfig.connectionType]. */
        public var connectionType: ConnectionType? = null

        /** See [IotMqttClientConfig.port]; `null` picks the connection type's default. */
        public var port: Int? = null

        /** See [IotMqttClientConfig.clientId]. */
        public var clientId: String? = null

        /** See [IotMqttClientConfig.mqttVersion]. */
        public var mqttVersion: MqttVersion = MqttVersion.MQTT_5

        /** See [IotMqttClientConfig.keepAlive]. */
        public var keepAlive: Duration = 1200.seconds

        /** See [IotMqttClientConfig.cleanStart]. */
        public var cleanStart: Boolean = true

        /** See [IotMqttClientConfig.sessionExpiry]. */
        public var sessionExpiry: Duration = Duration.ZERO

        /** See [IotMqttClientConfig.will]. */
        public var will: MqttMessage? = null

        /** See [IotMqttClientConfig.willDelay]. */
        public var willDelay: Duration = Duration.ZERO

        /** See [IotMqttClientConfig.username]. */
        public var username: String? = null

        /** See [IotMqttClientConfig.password]. */
        public var password: ByteArray? = null

        /** See [IotMqttClientConfig.metrics]. */
        public var metrics: Boolean = true

        /** See [IotMqttClientConfig.connectTimeout]. */
        public var connectTimeout: Duration = 10.seconds

        /** See [IotMqttClientConfig.operationTimeout]. */
        public var operationTimeout: Duration? = DEFAULT_OPERATION_TIMEOUT

        /** See [IotMqttClientConfig.reconnect]. */
        public var reconnect: ReconnectPolicy = ReconnectPolicy.DEFAULT

        /** See [IotMqttClientConfig.offlineQueue]. */
        public var offlineQueue: OfflineQueuePolicy = DEFAULT_OFFLINE_QUEUE

        /** See [IotMqttClientConfig.flowControl]. */
        public var flowControl: FlowControl? = null

        /** See [IotMqttClientConfig.durableQueue]. */
        public var durableQueue: DurableQueue? = null

        /** See [IotMqttClientConfig.awsIotLimits]. */
        public var awsIotLimits: Boolean = true

        /** See [IotMqttClientConfig.trust]; `null` means the JVM's trust store. */
        public var trust: TrustMaterial? = null

        /** See [IotMqttClientConfig.proxy]. */
        public var proxy: ProxyConfig? = null

        /** See [IotMqttClientConfig.receiveMaximum]. */
        public var receiveMaximum: Int = 100

        /** See [IotMqttClientConfig.topicAliasMaximum]. */
        public var topicAliasMaximum: Int = 0

        /** See [IotMqttClientConfig.subscriberBufferSize]. */
        public var subscriberBufferSize: Int = 64

        /** See [IotMqttClientConfig.subscriberBufferBytes]. */
        public var subscriberBufferBytes: Int = DEFAULT_SUBSCRIBER_BUFFER_BYTES

        /** Sets [endpoint]. */
        public fun endpoint(endpoint: String): Builder = apply { this.endpoint = endpoint }

        /** Sets [port]. */
        public fun port(port: Int): Builder = apply { this.port = port }

        /** Sets [clientId]. */
        public fun clientId(clientId: String): Builder = apply { this.clientId = clientId }

        /** Sets [connectionType]. */
        public fun connectionType(type: ConnectionType): Builder = apply { this.connectionType = type }

        /** Mutual TLS with [identity]; with [alpn], ALPN `x-amzn-mqtt-ca` on port 443. */
        @JvmOverloads
        public fun mutualTls(identity: dev.iotsdk.auth.TlsIdentity, alpn: Boolean = false): Builder =
            apply { connectionType = ConnectionType.MutualTls(identity, alpn) }

        /** MQTT over WebSocket signed with SigV4 for [region]. */
        public fun webSocketSigV4(credentials: CredentialsProvider, region: String): Builder =
            apply { connectionType = ConnectionType.WebSocketSigV4(credentials, region) }

        /** Sets [mqttVersion]. */
        public fun mqttVersion(version: MqttVersion): Builder = apply { mqttVersion = version }

        /** Sets [keepAlive]. */
        public fun keepAlive(keepAlive: java.time.Duration): Builder = apply { this.keepAlive = keepAlive.toKotlin() }

        /** Sets [cleanStart]. */
        public fun cleanStart(cleanStart: Boolean): Builder = apply { this.cleanStart = cleanStart }

        /** Sets [sessionExpiry]. */
        public fun sessionExpiry(expiry: java.time.Duration): Builder = apply { sessionExpiry = expiry.toKotlin() }

        /** Sets [will]. */
        public fun will(will: MqttMessage?): Builder = apply { this.will = will }

        /** Sets [will] and its MQTT 5 will delay ([willDelay]). */
        public fun will(will: MqttMessage?, delay: java.time.Duration): Builder = apply {
            this.will = will
            willDelay = delay.toKotlin()
        }

        /** Sets [username] and [password]. */
        public fun credentials(username: String?, password: ByteArray?): Builder = apply {
            this.username = username
            this.password = password
        }

        /** Sets [metrics]. */
        public fun metrics(enabled: Boolean): Builder = apply { metrics = enabled }

        /** Sets [connectTimeout]. */
        public fun connectTimeout(timeout: java.time.Duration): Builder = apply { connectTimeout = timeout.toKotlin() }

        /** Sets [operationTimeout]; `null` for none. */
        public fun operationTimeout(timeout: java.time.Duration?): Builder =
            apply { operationTimeout = timeout?.toKotlin() }

        /** Sets [reconnect]. */
        public fun reconnect(policy: ReconnectPolicy): Builder = apply { reconnect = policy }

        /** Sets [offlineQueue]. */
        public fun offlineQueue(policy: OfflineQueuePolicy): Builder = apply { offlineQueue = policy }

        /** Sets [flowControl]. */
        public fun flowControl(flowControl: FlowControl?): Builder = apply { this.flowControl = flowControl }

        /** Sets [durableQueue]. */
        public fun durableQueue(queue: DurableQueue?): Builder = apply { durableQueue = queue }

        /** Sets [awsIotLimits]. */
        public fun awsIotLimits(enabled: Boolean): Builder = apply { awsIotLimits = enabled }

        /** Sets [trust]. */
        public fun trust(trust: TrustMaterial): Builder = apply { this.trust = trust }

        /** Sets [proxy]. */
        public fun proxy(proxy: ProxyConfig?): Builder = apply { this.proxy = proxy }

        /** Sets [receiveMaximum]. */
        public fun receiveMaximum(value: Int): Builder = apply { receiveMaximum = value }

        /** Sets [subscriberBufferSize]. */
        public fun subscriberBufferSize(value: Int): Builder = apply { subscriberBufferSize = value }

        /** Sets [subscriberBufferBytes]. */
        public fun subscriberBufferBytes(value: Int): Builder = apply { subscriberBufferBytes = value }

        /** The configuration; throws [InvalidConfigurationException] for a missing or out-of-range value. */
        public fun build(): IotMqttClientConfig = try {
            IotMqttClientConfig(this)
        } catch (e: IllegalArgumentException) {
            throw InvalidConfigurationException(e.message ?: "invalid configuration")
        }
    }

    /** Entry points. */
    public companion object {
        /** A new, empty [Builder]. */
        @JvmStatic
        public fun builder(): Builder = Builder()

        /** Builds a configuration with the Kotlin DSL. */
        public operator fun invoke(block: Builder.() -> Unit): IotMqttClientConfig = Builder().apply(block).build()
    }
}

private fun java.time.Duration.toKotlin(): Duration = toNanos().nanoseconds

/** Shared by every configuration that keeps the defaults (one instance, not one per client). */
private val DEFAULT_OPERATION_TIMEOUT: Duration? = 30.seconds
private val DEFAULT_OFFLINE_QUEUE = OfflineQueuePolicy()

/** 64 MiB: 100,000 QoS 0 messages of 256 bytes (about 40 MiB as counted) fit in one subscription's buffer. */
private const val DEFAULT_SUBSCRIBER_BUFFER_BYTES = 64 * 1024 * 1024
