package dev.iotsdk.emulator.internal.broker

import com.hivemq.extension.sdk.api.auth.PublishAuthorizer
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerOutput
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode
import dev.iotsdk.emulator.EmulatorEvent
import dev.iotsdk.emulator.internal.ClientSession
import dev.iotsdk.emulator.internal.Topics
import dev.iotsdk.emulator.internal.broker.BrokerLimits.MAX_FILTERS_PER_SUBSCRIBE
import dev.iotsdk.emulator.internal.broker.BrokerLimits.MAX_SUBSCRIPTIONS

/**
 * Authorizes each subscription: topic-filter limits, `iot:Subscribe` on `topicfilter/<filter>`, at most 8 filters per
 * SUBSCRIBE and 50 per connection. MQTT 5 clients get a SUBACK failure code; MQTT 3.1.1 clients are disconnected
 * (spec/connect.md §7). Publishes are authorized by [InboundPublishCheck] instead.
 */
internal class SubscribeAuthorizer(private val context: BrokerContext) :
    PublishAuthorizer,
    SubscriptionAuthorizer {
    /**
     * Publishes are authorized in [InboundPublishCheck] (an inbound interceptor): HiveMQ CE force-fails every later
     * publish of a connection once an authorizer has failed one, which would break MQTT 5's PUBACK semantics.
     */
    override fun authorizePublish(input: PublishAuthorizerInput, output: PublishAuthorizerOutput) {
        output.authorizeSuccessfully()
    }

    override fun authorizeSubscribe(input: SubscriptionAuthorizerInput, output: SubscriptionAuthorizerOutput) {
        val session = context.sessionOf(input.connectionInformation)
        if (session == null) {
            output.disconnectClient(DisconnectReasonCode.NOT_AUTHORIZED, "unknown session")
            return
        }
        val filter = input.subscription.topicFilter
        val refusal = refusal(session, filter)
        if (refusal == null) {
            session.subscriptions += filter
            output.authorizeSuccessfully()
        } else if (session.mqttVersion == 5) {
            output.failAuthorization(refusal.suback, refusal.reason)
        } else {
            if (refusal.suback == SubackReasonCode.QUOTA_EXCEEDED) session.disconnectReason = "CLIENT_ERROR"
            output.disconnectClient(refusal.disconnect, refusal.reason)
        }
    }

    private class Refusal(val suback: SubackReasonCode, val disconnect: DisconnectReasonCode, val reason: String)

    private fun refusal(session: ClientSession, filter: String): Refusal? {
        val problem = Topics.filterProblem(filter)
        val quota = when {
            session.oversizedSubscribe.remove(filter) ->
                "more than $MAX_FILTERS_PER_SUBSCRIBE subscriptions in one SUBSCRIBE"
            filter !in session.subscriptions && session.subscriptions.size >= MAX_SUBSCRIPTIONS ->
                "more than $MAX_SUBSCRIPTIONS subscriptions on one connection"
            else -> null
        }
        return when {
            problem != null -> {
                context.events.emit(
                    EmulatorEvent.AuthorizationDenied(
                        session.clientId,
                        "iot:Subscribe",
                        context.arn("topicfilter", filter),
                    ),
                )
                Refusal(SubackReasonCode.TOPIC_FILTER_INVALID, DisconnectReasonCode.TOPIC_FILTER_INVALID, problem)
            }
            !context.isAllowed(session, "iot:Subscribe", context.arn("topicfilter", filter)) ->
                Refusal(SubackReasonCode.NOT_AUTHORIZED, DisconnectReasonCode.NOT_AUTHORIZED, "iot:Subscribe denied")
            quota != null -> Refusal(SubackReasonCode.QUOTA_EXCEEDED, DisconnectReasonCode.QUOTA_EXCEEDED, quota)
            else -> null
        }
    }
}
