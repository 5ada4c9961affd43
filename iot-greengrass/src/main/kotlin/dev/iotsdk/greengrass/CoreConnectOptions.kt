package dev.iotsdk.greengrass

import dev.iotsdk.core.InvalidConfigurationException
import dev.iotsdk.core.IotMqttClientConfig
import dev.iotsdk.core.IotSdkDsl
import java.util.function.Consumer
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toJavaDuration
import kotlin.time.toKotlinDuration

/**
 * How [GreengrassDiscoveryClient.connectToCore] connects.
 *
 * | setting | default |
 * |---|---|
 * | [attemptTimeout] | 10 s per endpoint (TCP, TLS and CONNACK) |
 * | [order] | the discovery order: groups, their core, its connectivity entries |
 * | [mqtt] | none: other MQTT settings (keep-alive, clean start, reconnect…) for the resulting client |
 *
 * ```kotlin
 * val options = CoreConnectOptions {
 *     attemptTimeout = 5.seconds
 *     order = CoreEndpointOrder { list -> list.filter { it.connectivity.hostAddress != "127.0.0.1" } }
 *     mqtt = Consumer { it.keepAlive = 30.seconds }
 * }
 * ```
 */
public class CoreConnectOptions private constructor(builder: Builder) {
    /** The deadline of each endpoint's attempt. */
    public val attemptTimeout: Duration = builder.attemptTimeout

    /** The ordering/filter hook. */
    public val order: CoreEndpointOrder = builder.order

    /**
     * Customises the MQTT client configuration; the endpoint, port, connection type (mutual TLS with the discovery
     * identity), trust (the group CAs), client id and connect timeout are set by `connectToCore` afterwards.
     */
    public val mqtt: Consumer<IotMqttClientConfig.Builder>? = builder.mqtt

    /** [attemptTimeout] as a [java.time.Duration], for Java callers. */
    public fun attemptTimeoutJava(): java.time.Duration = attemptTimeout.toJavaDuration()

    init {
        if (!attemptTimeout.isPositive()) throw InvalidConfigurationException("attemptTimeout must be positive")
    }

    /** Builder; the Kotlin DSL sets its properties. */
    @IotSdkDsl
    public class Builder {
        /** See [CoreConnectOptions.attemptTimeout]. */
        public var attemptTimeout: Duration = 10.seconds

        /** See [CoreConnectOptions.order]. */
        public var order: CoreEndpointOrder = CoreEndpointOrder { it }

        /** See [CoreConnectOptions.mqtt]. */
        public var mqtt: Consumer<IotMqttClientConfig.Builder>? = null

        /** Sets [attemptTimeout]. */
        public fun attemptTimeout(timeout: java.time.Duration): Builder = apply {
            attemptTimeout =
                timeout.toKotlinDuration()
        }

        /** Sets [order]. */
        public fun order(order: CoreEndpointOrder): Builder = apply { this.order = order }

        /** Sets [mqtt]. */
        public fun mqtt(customizer: Consumer<IotMqttClientConfig.Builder>): Builder = apply { mqtt = customizer }

        /** Builds the options. */
        public fun build(): CoreConnectOptions = CoreConnectOptions(this)
    }

    /** Factories. */
    public companion object {
        /** The defaults. */
        @JvmField
        public val DEFAULT: CoreConnectOptions = Builder().build()

        /** A new builder. */
        @JvmStatic
        public fun builder(): Builder = Builder()

        /** Kotlin DSL. */
        public operator fun invoke(block: Builder.() -> Unit): CoreConnectOptions = Builder().apply(block).build()
    }
}
