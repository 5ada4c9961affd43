package dev.iotsdk.emulator.internal.broker

import com.hivemq.extension.sdk.api.interceptor.suback.SubackOutboundInterceptor
import com.hivemq.extension.sdk.api.interceptor.suback.parameter.SubackOutboundInput
import com.hivemq.extension.sdk.api.interceptor.suback.parameter.SubackOutboundOutput
import com.hivemq.extension.sdk.api.interceptor.subscribe.SubscribeInboundInterceptor
import com.hivemq.extension.sdk.api.interceptor.subscribe.parameter.SubscribeInboundInput
import com.hivemq.extension.sdk.api.interceptor.subscribe.parameter.SubscribeInboundOutput
import com.hivemq.extension.sdk.api.interceptor.unsuback.UnsubackOutboundInterceptor
import com.hivemq.extension.sdk.api.interceptor.unsuback.parameter.UnsubackOutboundInput
import com.hivemq.extension.sdk.api.interceptor.unsuback.parameter.UnsubackOutboundOutput
import com.hivemq.extension.sdk.api.interceptor.unsubscribe.UnsubscribeInboundInterceptor
import com.hivemq.extension.sdk.api.interceptor.unsubscribe.parameter.UnsubscribeInboundInput
import com.hivemq.extension.sdk.api.interceptor.unsubscribe.parameter.UnsubscribeInboundOutput
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode
import com.hivemq.extension.sdk.api.packets.unsuback.UnsubackReasonCode
import com.hivemq.extension.sdk.api.parameter.ClientBasedInput
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import java.util.concurrent.ConcurrentHashMap

/**
 * AWS's Subscribe/Unsubscribe lifecycle events (DG "Lifecycle events"): after the broker answers a SUBSCRIBE, one
 * message on `$aws/events/subscriptions/subscribed/<clientId>` with the filters it granted (`topics`), and likewise
 * `unsubscribed` after an UNSUBSCRIBE. One instance per connection (the filters wait here, by packet id, for their
 * SUBACK / UNSUBACK). A subscription a persistent session keeps is not subscribed again, so a client that resumes
 * its session without resubscribing causes no event.
 */
internal class SubscriptionEvents(private val context: BrokerContext) :
    SubscribeInboundInterceptor,
    SubackOutboundInterceptor,
    UnsubscribeInboundInterceptor,
    UnsubackOutboundInterceptor {
    private val subscribing = ConcurrentHashMap<Int, List<String>>()
    private val unsubscribing = ConcurrentHashMap<Int, List<String>>()

    override fun onInboundSubscribe(input: SubscribeInboundInput, output: SubscribeInboundOutput) {
        subscribing[input.subscribePacket.packetId] = input.subscribePacket.subscriptions.map { it.topicFilter }
    }

    override fun onOutboundSuback(input: SubackOutboundInput, output: SubackOutboundOutput) {
        val filters = subscribing.remove(input.subackPacket.packetIdentifier) ?: return
        val granted = filters.zip(input.subackPacket.reasonCodes).filter { (_, code) ->
            code in GRANTED
        }.map { it.first }
        publish(input, "subscribed", granted)
    }

    override fun onInboundUnsubscribe(input: UnsubscribeInboundInput, output: UnsubscribeInboundOutput) {
        unsubscribing[input.unsubscribePacket.packetIdentifier] = input.unsubscribePacket.topicFilters.toList()
    }

    override fun onOutboundUnsuback(input: UnsubackOutboundInput, output: UnsubackOutboundOutput) {
        val filters = unsubscribing.remove(input.unsubackPacket.packetIdentifier) ?: return
        val codes = input.unsubackPacket.reasonCodes
        // MQTT 3.1.1 UNSUBACKs carry no codes: every filter counts
        val removed = if (codes.isEmpty()) {
            filters
        } else {
            filters.zip(codes).filter {
                it.second ==
                    UnsubackReasonCode.SUCCESS
            }.map { it.first }
        }
        publish(input, "unsubscribed", removed)
    }

    private fun publish(input: ClientBasedInput, type: String, topics: List<String>) {
        if (topics.isEmpty()) return
        val clientId = input.clientInformation.clientId
        val session = context.sessionOf(input.connectionInformation)
        val json = buildJsonObject {
            put("clientId", clientId)
            session?.attributes?.thingName?.let { put("thingName", it) }
            put("timestamp", System.currentTimeMillis())
            put("eventType", type)
            session?.let { put("sessionIdentifier", it.sessionId) }
            session?.let { put("principalIdentifier", it.principal) }
            put("topics", JsonArray(topics.map { JsonPrimitive(it) }))
        }
        context.publishLifecycle("\$aws/events/subscriptions/$type/$clientId", json)
    }

    private companion object {
        val GRANTED =
            setOf(SubackReasonCode.GRANTED_QOS_0, SubackReasonCode.GRANTED_QOS_1, SubackReasonCode.GRANTED_QOS_2)
    }
}
