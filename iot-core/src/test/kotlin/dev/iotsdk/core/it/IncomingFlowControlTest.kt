package dev.iotsdk.core.it

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.Qos
import dev.iotsdk.core.internal.requestresponse.RequestOperation
import dev.iotsdk.core.internal.requestresponse.RequestResponseClient
import dev.iotsdk.core.internal.requestresponse.ResponsePath
import dev.iotsdk.emulator.IotEmulatorExtension
import dev.iotsdk.emulator.mosquitto.MosquittoBroker
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.flow.transformWhile
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout
import kotlin.time.Duration.Companion.seconds

/**
 * A subscription buffer of 8 KiB: about 50 of the small QoS 0 messages below, so 1,400 overflow it (the default, 64 MiB,
 * takes a burst of 100,000; see QosZeroBurstTest).
 */
private const val STALLED_BUFFER_BYTES = 8 * 1024

/**
 * Issue 19 item 1: a stalled subscription that fills with QoS 0 traffic must not stop QoS 1 delivery to another
 * subscription, nor request/response answers; its own QoS 1 messages wait (unacknowledged) and arrive once it drains.
 */
@OptIn(InternalIotSdkApi::class)
class IncomingFlowControlTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())
        val mosquitto = MosquittoBroker.start()
        afterSpec { mosquitto.close() }

        suspend fun scenario(receiver: IotMqttClient, publisher: IotMqttClient, prefix: String) = coroutineScope {
            receiver.connect()
            publisher.connect()
            val stalled = receiver.openSubscription("$prefix/stalled/#", Qos.AT_LEAST_ONCE)
            val active = receiver.openSubscription("$prefix/active", Qos.AT_LEAST_ONCE)
            val responder = publisher.openSubscription("$prefix/rr/request", Qos.AT_LEAST_ONCE)
            val answering = launch {
                responder.messages.collect { publisher.publish(MqttMessage("$prefix/rr/request/accepted", it.payload)) }
            }
            val activeGot = async { active.messages.take(120).toList() }

            repeat(1_400) { publisher.publish(MqttMessage.text("$prefix/stalled/zero", "z$it", Qos.AT_MOST_ONCE)) }
            repeat(5) { publisher.publish(MqttMessage.text("$prefix/stalled/one", "q$it", Qos.AT_LEAST_ONCE)) }
            repeat(120) { publisher.publish(MqttMessage.text("$prefix/active", "a$it", Qos.AT_LEAST_ONCE)) }

            // the active subscription gets every QoS 1 message, in order, while the stalled one is not collected
            withTimeout(20.seconds) { activeGot.await() }.map { it.payloadAsString() } shouldBe
                (0 until 120).map { "a$it" }

            // a request/response exchange (how shadow and jobs work) still answers
            RequestResponseClient(receiver).use { rr ->
                val token = RequestResponseClient.newClientToken()
                val response = rr.request(
                    RequestOperation(
                        requestTopic = "$prefix/rr/request",
                        payload = """{"clientToken":"$token"}""".encodeToByteArray(),
                        subscriptions = listOf("$prefix/rr/request/+"),
                        accepted = ResponsePath("$prefix/rr/request/accepted"),
                        rejected = ResponsePath("$prefix/rr/request/rejected"),
                        correlationToken = token,
                        timeout = 10.seconds,
                    ),
                )
                response.payload.decodeToString() shouldBe """{"clientToken":"$token"}"""
            }

            // drained later, the stalled subscription gets its buffered QoS 0 and every QoS 1 message it held
            val drained = withTimeout(20.seconds) {
                stalled.messages.transformWhile {
                    emit(it)
                    it.payloadAsString() != "q4"
                }.toList()
            }
            drained.takeLast(5).map { it.payloadAsString() } shouldBe (0 until 5).map { "q$it" }
            drained.dropLast(5).size shouldBeGreaterThan 0
            drained.dropLast(5).all { it.qos == Qos.AT_MOST_ONCE } shouldBe true
            // what did not fit was QoS 0, dropped for that subscription only and counted
            stalled.droppedMessages.toInt() shouldBeGreaterThan 0
            active.droppedMessages shouldBe 0L
            receiver.statistics().droppedIncoming shouldBe stalled.droppedMessages

            // and QoS 1 delivery keeps going afterwards
            val more = async { active.messages.take(10).toList() }
            repeat(10) { publisher.publish(MqttMessage.text("$prefix/active", "b$it", Qos.AT_LEAST_ONCE)) }
            withTimeout(10.seconds) { more.await() }.size shouldBe 10

            answering.cancel()
            listOf(stalled, active, responder).forEach { it.close() }
        }

        test("a stalled subscription does not stop QoS 1 delivery or request/response (emulator broker)") {
            emulator.plainClient("flow-receiver") { subscriberBufferBytes = STALLED_BUFFER_BYTES }.use { r ->
                emulator.plainClient("flow-publisher").use { p -> scenario(r, p, "flow") }
            }
        }

        test("a stalled subscription does not stop QoS 1 delivery or request/response (mosquitto)") {
            mosquitto.tcpClient("flow-receiver") { subscriberBufferBytes = STALLED_BUFFER_BYTES }.use { r ->
                mosquitto.tcpClient("flow-publisher").use { p -> scenario(r, p, "flow") }
            }
        }
    })
