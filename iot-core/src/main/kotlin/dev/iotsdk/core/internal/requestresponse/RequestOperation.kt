package dev.iotsdk.core.internal.requestresponse

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.core.Qos
import dev.iotsdk.core.internal.TopicMatcher
import kotlin.time.Duration

/**
 * One request for [RequestResponseClient.request]: publish [payload] to [requestTopic], then wait for a message
 * on [accepted] or [rejected] carrying [correlationToken].
 *
 * The caller writes [correlationToken] into [payload] itself (as `clientToken`, see
 * [RequestResponseClient.newClientToken]); the engine only matches it in the responses. With a `null` token the
 * operation is matched by topic alone and the engine runs such operations one at a time per response topic pair.
 *
 * [subscriptions] are the filters the responses need, typically one wildcard shared by both paths
 * (`$aws/things/thing-1/shadow/get/+`); every response topic must match one of them.
 *
 * Stability: internal to iotsdk ([InternalIotSdkApi]).
 */
@InternalIotSdkApi
public class RequestOperation @JvmOverloads constructor(
    /** The topic the request is published to. */
    public val requestTopic: String,
    /** The request payload (not copied; do not change it afterwards). */
    public val payload: ByteArray,
    /** The topic filters the responses arrive on; shared and reference-counted between operations. */
    public val subscriptions: List<String>,
    /** Where the accepted response arrives. */
    public val accepted: ResponsePath,
    /** Where the rejected response arrives. */
    public val rejected: ResponsePath,
    /** The token written into [payload], or `null` for APIs without one (they are serialized). */
    public val correlationToken: String?,
    /** The deadline from submission (including waiting for subscriptions); `null` uses the client's default. */
    public val timeout: Duration? = null,
    /** Turns a rejection into the service module's exception; `null` uses [RequestResponseOptions.rejectionMapper]. */
    public val rejectionMapper: RejectionMapper? = null,
    /** The QoS of the request publish. */
    public val qos: Qos = Qos.AT_LEAST_ONCE,
) {
    init {
        require(subscriptions.isNotEmpty()) { "An operation needs at least one response subscription" }
        require(accepted.topic != rejected.topic) { "accepted and rejected paths must differ" }
        for (path in listOf(accepted, rejected)) {
            require(subscriptions.any { TopicMatcher.matches(it, path.topic) }) {
                "Response topic ${path.topic} matches none of the subscriptions $subscriptions"
            }
            require(correlationToken == null || path.correlationTokenField != null) {
                "An operation with a correlation token needs a token field on every response path"
            }
        }
        require(timeout == null || timeout.isPositive()) { "timeout must be positive" }
    }

    override fun toString(): String =
        "RequestOperation($requestTopic, token=$correlationToken, accepted=${accepted.topic}, " +
            "rejected=${rejected.topic})"
}
