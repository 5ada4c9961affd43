@file:OptIn(InternalIotSdkApi::class, ExperimentalCoroutinesApi::class)

package dev.iotsdk.core.internal.requestresponse

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.core.SubscribeRejectedException
import dev.iotsdk.test.FakeIotMqttClient
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

private const val DELTA = "\$aws/things/t1/shadow/update/delta"

class StreamingOperationTest :
    FunSpec({
        test("status follows subscribe, connection loss and reconnect with and without a session") {
            runTest {
                val fake = FakeIotMqttClient()
                fake.connect()
                fake.subscribeDelay = 1.seconds
                val rr =
                    RequestResponseClient(
                        fake,
                        RequestResponseOptions(subscriptionLinger = Duration.ZERO),
                        backgroundScope.coroutineContext,
                    )
                val stream = rr.streamingOperation(DELTA)
                val events = mutableListOf<SubscriptionEvent>()
                val received = mutableListOf<String>()
                backgroundScope.launch(start = CoroutineStart.UNDISPATCHED) { stream.events.collect { events += it } }
                backgroundScope.launch(start = CoroutineStart.UNDISPATCHED) {
                    stream.messages.collect {
                        received +=
                            it.payloadAsString()
                    }
                }
                stream.status.value shouldBe SubscriptionStatus.Subscribing
                testScheduler.advanceTimeBy(1001)
                runCurrent()
                stream.status.value shouldBe SubscriptionStatus.Subscribed
                fake.deliver(DELTA, """{"state":{"a":1}}""")
                runCurrent()

                fake.simulateConnectionLost()
                runCurrent()
                stream.status.value shouldBe SubscriptionStatus.SubscriptionLost
                fake.simulateReconnect(sessionPresent = false)
                runCurrent()
                stream.status.value shouldBe SubscriptionStatus.Subscribed
                fake.simulateConnectionLost()
                fake.simulateReconnect(sessionPresent = true)
                runCurrent()
                events shouldContainExactly listOf(
                    SubscriptionEvent.Established,
                    SubscriptionEvent.Lost,
                    SubscriptionEvent.Resubscribed,
                    SubscriptionEvent.Lost,
                    SubscriptionEvent.Resumed,
                )
                received shouldContainExactly listOf("""{"state":{"a":1}}""")

                stream.close()
                runCurrent()
                stream.status.value shouldBe SubscriptionStatus.Closed
                fake.unsubscribeRequests.flatten() shouldContainExactly listOf(DELTA)
            }
        }

        test("a refused subscription halts the stream with the cause") {
            runTest {
                val fake = FakeIotMqttClient()
                fake.connect()
                fake.failSubscriptions(DELTA)
                val rr = RequestResponseClient(fake, RequestResponseOptions(), backgroundScope.coroutineContext)
                val stream = rr.streamingOperation(DELTA)
                runCurrent()
                val status = stream.status.value.shouldBeInstanceOf<SubscriptionStatus.SubscriptionHalted>()
                status.cause.shouldBeInstanceOf<SubscribeRejectedException>()
                stream.close()
                runCurrent()
                stream.status.value.shouldBeInstanceOf<SubscriptionStatus.SubscriptionHalted>()
            }
        }

        test("a stream and requests on the same filter share one SUBSCRIBE") {
            runTest {
                val fake = FakeIotMqttClient()
                fake.connect()
                val rr =
                    RequestResponseClient(
                        fake,
                        RequestResponseOptions(subscriptionLinger = Duration.ZERO),
                        backgroundScope.coroutineContext,
                    )
                val all = rr.streamingOperation("\$aws/things/t1/shadow/get/+")
                runCurrent()
                fake.onPublish("\$aws/things/t1/shadow/get") {
                    fake.deliver("\$aws/things/t1/shadow/get/accepted", """{"clientToken":"x"}""")
                }
                rr.request(
                    RequestOperation(
                        "\$aws/things/t1/shadow/get",
                        "{}".encodeToByteArray(),
                        listOf("\$aws/things/t1/shadow/get/+"),
                        ResponsePath("\$aws/things/t1/shadow/get/accepted"),
                        ResponsePath("\$aws/things/t1/shadow/get/rejected"),
                        "x",
                    ),
                )
                runCurrent()
                fake.subscribeRequests.size shouldBe 1
                fake.unsubscribeRequests.flatten() shouldBe emptyList()
                all.close()
                runCurrent()
                fake.unsubscribeRequests.flatten() shouldContainExactly listOf("\$aws/things/t1/shadow/get/+")
            }
        }
    })
