package dev.iotsdk.emulator.internal.broker

import com.hivemq.extension.sdk.api.interceptor.publish.PublishOutboundInterceptor
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundInput
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundOutput
import dev.iotsdk.emulator.internal.ClientSession
import dev.iotsdk.emulator.internal.Topics

/**
 * Every outbound PUBLISH, per receiving connection: service answers meant for one connection only (marked by
 * [BrokerExtension.publishAsync] with a [RecipientMarker]), AWS IoT's `#` rule, and `iot:Receive` on `topic/<topic>`.
 */
internal class DeliveryCheck(private val context: BrokerContext) : PublishOutboundInterceptor {
    override fun onOutboundPublish(input: PublishOutboundInput, output: PublishOutboundOutput) {
        val marker = input.publishPacket.userProperties.getAllForName(RecipientMarker.PROPERTY)
            .firstOrNull { context.recipients.recipientOf(it) != null }
        val session = context.sessionOf(input.connectionInformation)
        if (marker != null) {
            if (session == null || session.clientId != context.recipients.recipientOf(marker)) {
                output.preventPublishDelivery()
                return
            }
            output.publishPacket.userProperties.removeUserProperty(RecipientMarker.PROPERTY, marker)
        }
        if (session == null) return
        val topic = input.publishPacket.topic
        if (matchedOnlyAsParent(session, topic) ||
            !context.isAllowed(session, "iot:Receive", context.arn("topic", topic))
        ) {
            output.preventPublishDelivery()
        }
    }

    /**
     * AWS IoT: `a/#` does not match `a`. The broker follows MQTT, so a delivery is dropped when only such a
     * parent match explains it among the filters subscribed on this connection (subscriptions restored from a
     * persistent session are not known here and never cause a drop).
     */
    private fun matchedOnlyAsParent(session: ClientSession, topic: String): Boolean {
        val filters = session.subscriptions
        if (filters.isEmpty()) return false
        val parentMatch = filters.any {
            it.endsWith("#") &&
                Topics.matches(it, topic, awsRules = false) &&
                !Topics.matches(it, topic, awsRules = true)
        }
        return parentMatch && filters.none { Topics.matches(it, topic, awsRules = true) }
    }
}
