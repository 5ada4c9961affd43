package dev.iotsdk.emulator.internal.broker

import com.hivemq.extension.sdk.api.packets.general.Qos
import com.hivemq.extension.sdk.api.services.builder.Builders
import kotlinx.serialization.json.JsonObject
import org.slf4j.LoggerFactory
import java.nio.ByteBuffer

private val log = LoggerFactory.getLogger("dev.iotsdk.emulator.internal.broker.LifecyclePublish")

/**
 * Publishes AWS lifecycle event [json] on [topic] (`$aws/events/presence/…`, `$aws/events/subscriptions/…`) at QoS 1,
 * without waiting; a broker that is stopping drops it (logged at debug).
 */
internal fun BrokerContext.publishLifecycle(topic: String, json: JsonObject) {
    try {
        publishService.publish(
            Builders.publish().topic(topic).qos(Qos.AT_LEAST_ONCE)
                .payload(ByteBuffer.wrap(json.toString().toByteArray(Charsets.UTF_8))).build(),
        )
    } catch (
        @Suppress("TooGenericExceptionCaught") e: RuntimeException,
    ) {
        log.debug("lifecycle event not published", e)
    }
}
