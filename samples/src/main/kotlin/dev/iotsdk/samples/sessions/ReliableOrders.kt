package dev.iotsdk.samples.sessions

import dev.iotsdk.core.Acknowledgement
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.IotMqttClientConfig
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.Qos
import dev.iotsdk.samples.SampleTarget
import dev.iotsdk.samples.Transcript
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.collectIndexed
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlin.time.Duration.Companion.hours
import kotlin.time.Duration.Companion.seconds

/**
 * Orders that survive a crash: a device with a persistent session acknowledges each order only after processing it
 * ([Acknowledgement.MANUAL]). It processes three orders, receives a fourth and "crashes" before processing it; two more
 * orders are sent while it is down. When it comes back on the same session, the broker delivers the unprocessed order
 * again and the two new ones: nothing is lost.
 */
public object ReliableOrders {
    /** Runs the sample. */
    @JvmStatic
    public fun main(args: Array<String>) {
        val out = Transcript()
        SampleTarget.fromArgs(args, "orders-device").use { target ->
            out.say("ReliableOrders against ${target.describe()}, thing '${target.thingName}'")
            val topic = "orders/${target.thingName}"
            val config = target.config(target.thingName).toBuilder()
                .apply {
                    cleanStart = false
                    sessionExpiry = 1.hours
                }
                .build()
            runBlocking {
                target.client("${target.thingName}-shop").use { shop ->
                    shop.connect()
                    IotMqttClient.create(config).use { device ->
                        val orders = openOrders(device, config)
                        repeat(4) { shop.publish(MqttMessage.text(topic, "order-$it", Qos.AT_LEAST_ONCE)) }
                        withTimeout(30.seconds) {
                            orders.messages.take(4).collectIndexed { i, order ->
                                if (i < 3) {
                                    out.say("processed ${order.payloadAsString()}")
                                    order.acknowledge() // each one as soon as it is processed
                                } else {
                                    out.say(
                                        "received ${order.payloadAsString()}, then the device crashed before processing it",
                                    )
                                }
                            }
                        }
                    } // closing the client acknowledges nothing (closing the subscription would)
                    repeat(2) { shop.publish(MqttMessage.text(topic, "order-${it + 4}", Qos.AT_LEAST_ONCE)) }
                    out.say("two orders were sent while the device was down")
                    IotMqttClient.create(config).use { device ->
                        val orders = openOrders(device, config)
                        withTimeout(30.seconds) {
                            orders.messages.take(3).collect { order ->
                                out.say("after the restart: processed ${order.payloadAsString()}")
                                order.acknowledge()
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Opens the manual subscription before connecting: the orders the broker kept for the session arrive right after
     * the CONNACK, and an order no subscription listens for yet would be acknowledged and gone.
     */
    private suspend fun openOrders(device: IotMqttClient, config: IotMqttClientConfig) = coroutineScope {
        val opening = async(start = CoroutineStart.UNDISPATCHED) {
            device.openSubscription("orders/${config.clientId}", acknowledgement = Acknowledgement.MANUAL)
        }
        device.connect()
        opening.await()
    }
}
