package dev.iotsdk.provisioning

import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toJavaDuration
import kotlin.time.toKotlinDuration

/**
 * Settings of a [ProvisioningClient].
 *
 * | setting | default |
 * |---|---|
 * | [requestTimeout] | 30 s per request, from the call (including waiting for an earlier call on the same topics and subscribing) |
 * | [payloadFormat] | [ProvisioningPayloadFormat.JSON] |
 */
public class ProvisioningClientOptions @JvmOverloads constructor(
    /** The deadline of each request; it fails with [dev.iotsdk.core.OperationTimeoutException] when it passes. */
    public val requestTimeout: Duration = DEFAULT_TIMEOUT,
    /** The topics' payload format: JSON, or CBOR (`…/cbor` topics). */
    public val payloadFormat: ProvisioningPayloadFormat = ProvisioningPayloadFormat.JSON,
) {
    init {
        require(requestTimeout.isPositive()) { "requestTimeout must be positive" }
    }

    /** For Java callers: [requestTimeout] as a [java.time.Duration]. */
    public constructor(requestTimeout: java.time.Duration) : this(requestTimeout.toKotlinDuration())

    /** For Java callers: [requestTimeout] as a [java.time.Duration] and the [payloadFormat]. */
    public constructor(requestTimeout: java.time.Duration, payloadFormat: ProvisioningPayloadFormat) :
        this(requestTimeout.toKotlinDuration(), payloadFormat)

    /** [requestTimeout] as a [java.time.Duration], for Java callers. */
    public fun requestTimeoutJava(): java.time.Duration = requestTimeout.toJavaDuration()

    override fun toString(): String =
        "ProvisioningClientOptions(requestTimeout=$requestTimeout, payloadFormat=$payloadFormat)"

    private companion object {
        private val DEFAULT_TIMEOUT = 30.seconds
    }
}
