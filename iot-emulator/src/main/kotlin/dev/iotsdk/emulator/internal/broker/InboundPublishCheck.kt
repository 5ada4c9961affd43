package dev.iotsdk.emulator.internal.broker

import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket
import com.hivemq.extension.sdk.api.services.builder.Builders
import dev.iotsdk.emulator.EmulatorEvent
import dev.iotsdk.emulator.internal.ClientSession
import dev.iotsdk.emulator.internal.ReservedTopics
import dev.iotsdk.emulator.internal.Topics
import org.slf4j.LoggerFactory

/**
 * Every inbound PUBLISH: the payload limit, the topic limits, `iot:Publish` on `topic/<topic>`, and reserved topics:
 * only the request topics AWS lets clients publish to ([ReservedTopics]); HiveMQ CE disconnects clients publishing to
 * `$` topics, so those publishes are acknowledged here, re-published by the extension and handed to the services
 * ([ServiceDispatcher]).
 */
internal class InboundPublishCheck(
    private val context: BrokerContext,
    private val retained: RetainedTimes,
    private val services: ServiceDispatcher,
) : PublishInboundInterceptor {
    private val log = LoggerFactory.getLogger(InboundPublishCheck::class.java)

    override fun onInboundPublish(input: PublishInboundInput, output: PublishInboundOutput) {
        val packet = input.publishPacket
        val session = context.sessionOf(input.connectionInformation)
        val size = packet.payload.map { it.remaining() }.orElse(0)
        when {
            session == null -> refuseUnknown(input.clientInformation.clientId, output)
            size > BrokerLimits.MAX_PAYLOAD_BYTES -> refuseTooLarge(session, output)
            !authorized(session, packet, output) -> Unit
            packet.topic.startsWith("$") -> reserved(session, packet, output, size)
            else -> {
                if (packet.retain) retained.touch(packet.topic)
                context.events.emit(
                    EmulatorEvent.MessagePublished(
                        session.clientId,
                        packet.topic,
                        packet.qos.qosNumber,
                        packet.retain,
                        size,
                    ),
                )
            }
        }
    }

    private fun refuseUnknown(clientId: String, output: PublishInboundOutput) {
        output.preventPublishDelivery(AckReasonCode.NOT_AUTHORIZED, "unknown session")
        context.clientService.disconnectClient(clientId, false, DisconnectReasonCode.NOT_AUTHORIZED, "unknown session")
    }

    private fun refuseTooLarge(session: ClientSession, output: PublishInboundOutput) {
        output.preventPublishDelivery(AckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR, "payload exceeds 128 KB")
        session.disconnectReason = "CLIENT_ERROR"
        context.clientService.disconnectClient(
            session.clientId,
            false,
            DisconnectReasonCode.PACKET_TOO_LARGE,
            "payload exceeds 128 KB",
        )
    }

    /** Topic limits, `iot:Publish` and, for a retained message, `iot:RetainPublish`; `false` when refused. */
    private fun authorized(session: ClientSession, packet: PublishPacket, output: PublishInboundOutput): Boolean {
        val topic = packet.topic
        val problem = Topics.publishProblem(topic)
        if (problem != null) {
            context.events.emit(
                EmulatorEvent.AuthorizationDenied(session.clientId, "iot:Publish", context.arn("topic", topic)),
            )
            deny(session, output, AckReasonCode.TOPIC_NAME_INVALID, DisconnectReasonCode.TOPIC_NAME_INVALID, problem)
            return false
        }
        // DG "Retained message policy examples": a retained publish needs iot:RetainPublish on the topic too
        val action = when {
            !context.isAllowed(session, "iot:Publish", context.arn("topic", topic)) -> "iot:Publish"
            packet.retain && !context.isAllowed(session, "iot:RetainPublish", context.arn("topic", topic)) ->
                "iot:RetainPublish"
            else -> return true
        }
        deny(session, output, AckReasonCode.NOT_AUTHORIZED, DisconnectReasonCode.NOT_AUTHORIZED, "$action denied")
        return false
    }

    private fun reserved(session: ClientSession, packet: PublishPacket, output: PublishInboundOutput, size: Int) {
        val topic = packet.topic
        if (!topic.startsWith("\$aws/") || packet.retain) {
            deny(
                session,
                output,
                AckReasonCode.TOPIC_NAME_INVALID,
                DisconnectReasonCode.TOPIC_NAME_INVALID,
                "reserved topic",
            )
            return
        }
        if (!ReservedTopics.clientMayPublish(topic)) {
            // DG:reserved-topics: a topic AWS IoT publishes to itself is subscribe-only for clients; refused like a
            // policy violation (spec/connect.md §8.1)
            context.events.emit(
                EmulatorEvent.AuthorizationDenied(session.clientId, "iot:Publish", context.arn("topic", topic)),
            )
            deny(
                session,
                output,
                AckReasonCode.NOT_AUTHORIZED,
                DisconnectReasonCode.NOT_AUTHORIZED,
                "clients may not publish to this reserved topic",
            )
            return
        }
        context.events.emit(
            EmulatorEvent.MessagePublished(session.clientId, topic, packet.qos.qosNumber, packet.retain, size),
        )
        output.preventPublishDelivery(AckReasonCode.SUCCESS)
        try {
            context.publishService.publish(Builders.publish().fromPublish(packet).build())
        } catch (
            @Suppress("TooGenericExceptionCaught") e: RuntimeException,
        ) {
            log.debug("re-publishing a reserved-topic message failed", e)
        }
        val bytes = packet.payload.map { buf ->
            ByteArray(buf.remaining()).also { buf.duplicate().get(it) }
        }.orElse(ByteArray(0))
        services.dispatch(session, topic, bytes)
    }

    /** MQTT 5: PUBACK with [ack] (QoS 1) and the connection stays; MQTT 3.1.1: the connection is closed. */
    private fun deny(
        session: ClientSession,
        output: PublishInboundOutput,
        ack: AckReasonCode,
        disconnect: DisconnectReasonCode,
        reason: String,
    ) {
        output.preventPublishDelivery(ack, reason)
        if (session.mqttVersion != 5) {
            session.disconnectReason = "AUTH_ERROR"
            context.clientService.disconnectClient(session.clientId, false, disconnect, reason)
        }
    }
}
