package dev.iotsdk.emulator.internal.broker

import com.hivemq.extension.sdk.api.interceptor.subscribe.SubscribeInboundInterceptor
import com.hivemq.extension.sdk.api.interceptor.subscribe.parameter.SubscribeInboundInput
import com.hivemq.extension.sdk.api.interceptor.subscribe.parameter.SubscribeInboundOutput
import com.hivemq.extension.sdk.api.interceptor.unsubscribe.UnsubscribeInboundInterceptor
import com.hivemq.extension.sdk.api.interceptor.unsubscribe.parameter.UnsubscribeInboundInput
import com.hivemq.extension.sdk.api.interceptor.unsubscribe.parameter.UnsubscribeInboundOutput
import com.hivemq.extension.sdk.api.packets.general.Qos
import com.hivemq.extension.sdk.api.packets.subscribe.RetainHandling
import dev.iotsdk.emulator.internal.broker.BrokerLimits.MAX_FILTERS_PER_SUBSCRIBE

/**
 * Keeps each session's subscriptions known before the authorizer runs: AWS IoT grants at most QoS 1, so QoS 2
 * subscriptions are downgraded before the broker answers SUBACK; a SUBSCRIBE with more than 8 filters is marked here
 * and refused filter by filter in [SubscribeAuthorizer]; UNSUBSCRIBE frees the filters' places. A filter with a
 * wildcard gets no retained messages on subscribe (spec/connect.md §6.2, DG:mqtt: "Subscription to topic filters that
 * contain a wildcard character can't receive retained messages"), whatever retain handling the client asked for.
 */
internal class SubscriptionTracker(private val context: BrokerContext) :
    SubscribeInboundInterceptor,
    UnsubscribeInboundInterceptor {
    override fun onInboundSubscribe(input: SubscribeInboundInput, output: SubscribeInboundOutput) {
        val subscriptions = output.subscribePacket.subscriptions
        subscriptions.forEach {
            if (it.qos == Qos.EXACTLY_ONCE) it.qos = Qos.AT_LEAST_ONCE
            if (it.topicFilter.any { c -> c == '+' || c == '#' }) it.retainHandling = RetainHandling.DO_NOT_SEND
        }
        if (subscriptions.size > MAX_FILTERS_PER_SUBSCRIBE) {
            context.sessionOf(input.connectionInformation)?.oversizedSubscribe?.addAll(
                subscriptions.map {
                    it.topicFilter
                },
            )
        }
    }

    override fun onInboundUnsubscribe(input: UnsubscribeInboundInput, output: UnsubscribeInboundOutput) {
        context.sessionOf(input.connectionInformation)?.subscriptions
            ?.removeAll(input.unsubscribePacket.topicFilters.toSet())
    }
}
