package dev.iotsdk.provisioning

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.internal.IotName
import dev.iotsdk.core.IotMqttClientConfig
import dev.iotsdk.core.IotSdkDsl
import java.util.function.Consumer
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toJavaDuration
import kotlin.time.toKotlinDuration

/**
 * The settings of [FleetProvisioning]. Immutable; build with the Kotlin DSL (`FleetProvisioning { … }`) or
 * [builder] in Java.
 *
 * | setting | default |
 * |---|---|
 * | [claim] | required: the MQTT connection with the claim certificate (`ConnectionType.MutualTls`) |
 * | [templateName] | required: the provisioning template |
 * | [parameters] | none |
 * | [store] | required: where the new credentials are saved ([PemCredentialsStore]) |
 * | [certificateMethod] | [CertificateMethod.GenerateCsr] with EC P-256 |
 * | [requestTimeout] | 30 s per provisioning request |
 * | [deviceClientId] | the thing name (AWS's recommendation) |
 * | [deviceConnection] | the claim connection's settings with the new identity |
 * | [listener] | none |
 */
@OptIn(InternalIotSdkApi::class)
public class FleetProvisioningConfig private constructor(builder: Builder) {
    /** The claim connection's settings; its TLS identity is only read, never changed. */
    public val claim: IotMqttClientConfig =
        requireNotNull(builder.claim) { "claim (the claim connection's settings) is required" }

    /** The provisioning template name. */
    public val templateName: String = requireNotNull(builder.templateName) { "templateName is required" }

    /** The template parameters. */
    public val parameters: Map<String, String> = builder.parameters.toMap()

    /** Where the new credentials are saved. */
    public val store: CredentialsStore = requireNotNull(builder.store) { "store is required" }

    /** How the certificate is obtained. */
    public val certificateMethod: CertificateMethod = builder.certificateMethod

    /** The deadline of each provisioning request. */
    public val requestTimeout: Duration = builder.requestTimeout

    /** The client id of the new connection, or `null` for the thing name. */
    public val deviceClientId: String? = builder.deviceClientId

    /** Adjusts the new connection's settings (after the identity and client id are set), or `null`. */
    public val deviceConnection: (IotMqttClientConfig.Builder.() -> Unit)? = builder.deviceConnection

    /** Told as each step completes, or `null`. */
    public val listener: ProvisioningListener? = builder.listener

    init {
        IotName.TEMPLATE.requireValid(templateName)
        require(requestTimeout.isPositive()) { "requestTimeout must be positive" }
    }

    /** [requestTimeout] as a [java.time.Duration], for Java callers. */
    public fun requestTimeoutJava(): java.time.Duration = requestTimeout.toJavaDuration()

    /** A builder holding these settings. */
    public fun toBuilder(): Builder = Builder().also {
        it.claim = claim
        it.templateName = templateName
        it.parameters = parameters
        it.store = store
        it.certificateMethod = certificateMethod
        it.requestTimeout = requestTimeout
        it.deviceClientId = deviceClientId
        it.deviceConnection = deviceConnection
        it.listener = listener
    }

    override fun toString(): String =
        "FleetProvisioningConfig(template=$templateName, parameters=${parameters.keys}, " +
            "method=$certificateMethod, store=$store)"

    /** Builds [FleetProvisioningConfig]: the properties are the Kotlin DSL, the fluent methods the Java view. */
    @IotSdkDsl
    public class Builder {
        /** See [FleetProvisioningConfig.claim]. */
        public var claim: IotMqttClientConfig? = null

        /** See [FleetProvisioningConfig.templateName]. */
        public var templateName: String? = null

        /** See [FleetProvisioningConfig.parameters]. */
        public var parameters: Map<String, String> = emptyMap()

        /** See [FleetProvisioningConfig.store]. */
        public var store: CredentialsStore? = null

        /** See [FleetProvisioningConfig.certificateMethod]. */
        public var certificateMethod: CertificateMethod = CertificateMethod.GenerateCsr()

        /** See [FleetProvisioningConfig.requestTimeout]. */
        public var requestTimeout: Duration = 30.seconds

        /** See [FleetProvisioningConfig.deviceClientId]. */
        public var deviceClientId: String? = null

        /** See [FleetProvisioningConfig.deviceConnection]. */
        public var deviceConnection: (IotMqttClientConfig.Builder.() -> Unit)? = null

        /** See [FleetProvisioningConfig.listener]. */
        public var listener: ProvisioningListener? = null

        /** Sets [claim]. */
        public fun claim(claim: IotMqttClientConfig): Builder = apply { this.claim = claim }

        /** Sets [templateName]. */
        public fun templateName(templateName: String): Builder = apply { this.templateName = templateName }

        /** Sets [parameters]. */
        public fun parameters(parameters: Map<String, String>): Builder = apply { this.parameters = parameters }

        /** Sets [store]. */
        public fun store(store: CredentialsStore): Builder = apply { this.store = store }

        /** Sets [certificateMethod]. */
        public fun certificateMethod(method: CertificateMethod): Builder = apply { this.certificateMethod = method }

        /** Sets [requestTimeout]. */
        public fun requestTimeout(timeout: java.time.Duration): Builder =
            apply { this.requestTimeout = timeout.toKotlinDuration() }

        /** Sets [deviceClientId]. */
        public fun deviceClientId(clientId: String): Builder = apply { this.deviceClientId = clientId }

        /** Sets [listener]. */
        public fun listener(listener: ProvisioningListener): Builder = apply { this.listener = listener }

        /**
         * Sets [deviceConnection] from Java: [adjust] gets the new connection's builder (identity and client id
         * already set) and changes what it needs, e.g. `b -> b.keepAlive(Duration.ofMinutes(5))`.
         */
        public fun deviceConnection(adjust: Consumer<IotMqttClientConfig.Builder>): Builder =
            apply { this.deviceConnection = { adjust.accept(this) } }

        /** Builds the configuration. @throws IllegalArgumentException when a required setting is missing or invalid. */
        public fun build(): FleetProvisioningConfig = FleetProvisioningConfig(this)
    }

    /** Factories. */
    public companion object {
        /** A new builder (Java). */
        @JvmStatic
        public fun builder(): Builder = Builder()
    }
}
