package dev.iotsdk.test

import dev.iotsdk.core.ClientClosedException
import dev.iotsdk.core.ConnectionLostException
import dev.iotsdk.core.ConnectionRefusedException
import dev.iotsdk.core.ConnectionState
import dev.iotsdk.core.LifecycleEvent
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.OperationTimeoutException
import dev.iotsdk.core.PublishRejectedException
import dev.iotsdk.core.SubscribeRejectedException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.advanceTimeBy
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import kotlin.time.Duration.Companion.seconds

/** Names of the lifecycle events [fake] emits from now on, collected in the test's background. */
internal fun TestScope.recordEvents(fake: FakeIotMqttClient): List<String> {
    val names = mutableListOf<String>()
    backgroundScope.launch(start = CoroutineStart.UNDISPATCHED) {
        fake.events.collect { names += it::class.simpleName!! }
    }
    return names
}

/** Driving the fake's connection: states, events, waiting operations, injected failures and close. */
class FakeIotMqttClientLifecycleTest :
    FunSpec({
        test("connect, connection lost, reconnects with and without a session, disconnect and close") {
            runTest {
                val fake = FakeIotMqttClient("thing-1")
                val events = recordEvents(fake)
                fake.state.value shouldBe ConnectionState.Disconnected
                fake.connect().clientId shouldBe "thing-1"
                fake.state.value.shouldBeInstanceOf<ConnectionState.Connected>().settings.sessionPresent shouldBe false
                backgroundScope.launch { fake.subscribe("cmd/thing-1").collect {} }
                fake.awaitSubscribed("cmd/thing-1")

                fake.simulateConnectionLost()
                fake.state.value.shouldBeInstanceOf<ConnectionState.WaitingToReconnect>()
                fake.simulateReconnect(sessionPresent = true)
                fake.subscribeRequests.size shouldBe 1 // the broker kept the session
                fake.simulateConnectionLost(reasonCode = 0x8E)
                fake.simulateReconnect(sessionPresent = false)
                fake.subscribeRequests.size shouldBe 2 // the client restored its subscription
                fake.subscriptions.value shouldBe setOf("cmd/thing-1")
                fake.disconnect()
                fake.state.value shouldBe ConnectionState.Disconnected
                fake.close()
                fake.state.value shouldBe ConnectionState.Closed
                runCurrent()
                events shouldContainExactly listOf(
                    "AttemptingConnect", "ConnectionSuccess",
                    "Disconnection", "AttemptingConnect", "ConnectionSuccess",
                    "Disconnection", "AttemptingConnect", "ConnectionSuccess",
                    "Stopped", "Stopped",
                )
            }
        }

        test("the lifecycle events carry the configuration, the cause, the reason and the session flag") {
            runTest {
                val fake = FakeIotMqttClient()
                fake.connect()
                val lost = async(start = CoroutineStart.UNDISPATCHED) { fake.events.first() }
                val cause = ConnectionLostException("kicked")
                fake.simulateConnectionLost(cause, 0x8E)
                lost.await().shouldBeInstanceOf<LifecycleEvent.Disconnection>().let {
                    it.cause shouldBe cause
                    it.reasonCode shouldBe 0x8E
                }
                fake.state.value.shouldBeInstanceOf<ConnectionState.WaitingToReconnect>().cause shouldBe cause
                val attempt = async(start = CoroutineStart.UNDISPATCHED) { fake.events.first() }
                val success = async(start = CoroutineStart.UNDISPATCHED) {
                    fake.events.first { it is LifecycleEvent.ConnectionSuccess }
                }
                fake.simulateReconnect(sessionPresent = true)
                attempt.await().shouldBeInstanceOf<LifecycleEvent.AttemptingConnect>().let {
                    it.endpoint shouldBe fake.config.endpoint
                    it.port shouldBe fake.config.port
                    it.attempt shouldBe 2 // the lost connection was the new backoff cycle's first step
                }
                success.await().shouldBeInstanceOf<LifecycleEvent.ConnectionSuccess>().settings.sessionPresent shouldBe
                    true
            }
        }

        test("failed reconnect attempts count up, and connect() meanwhile waits for the reconnect") {
            runTest {
                val fake = FakeIotMqttClient()
                fake.connect()
                val attempts = mutableListOf<Int>()
                backgroundScope.launch(start = CoroutineStart.UNDISPATCHED) {
                    fake.events.collect { if (it is LifecycleEvent.AttemptingConnect) attempts += it.attempt }
                }
                fake.simulateConnectionLost()
                val refused = ConnectionRefusedException(0x88, "SERVER_UNAVAILABLE", retryable = true)
                fake.simulateReconnectFailure(refused)
                fake.simulateReconnectFailure(refused)
                fake.state.value.shouldBeInstanceOf<ConnectionState.WaitingToReconnect>().cause shouldBe refused
                val connect = async { fake.connect() }
                runCurrent()
                connect.isCompleted shouldBe false
                fake.simulateReconnect(sessionPresent = false)
                connect.await().sessionPresent shouldBe false
                runCurrent()
                attempts shouldContainExactly listOf(2, 3, 4) // the lost connection was the cycle's first step
            }
        }

        test("driving the connection out of order is refused") {
            runTest {
                val fake = FakeIotMqttClient()
                shouldThrow<IllegalStateException> { fake.simulateConnectionLost() }
                fake.connect()
                shouldThrow<IllegalStateException> { fake.simulateReconnect(sessionPresent = true) }
                shouldThrow<IllegalStateException> { fake.simulateReconnectFailure(ConnectionLostException("x")) }
            }
        }

        test("operations wait for the connection like the real client's queue, then go ahead") {
            runTest {
                val fake = FakeIotMqttClient()
                val early = async { fake.publish(MqttMessage.text("t/early", "1")) }
                runCurrent()
                early.isCompleted shouldBe false
                fake.statistics().incompleteOperationCount shouldBe 1
                fake.statistics().incompleteOperationSize shouldBe 1
                fake.connect()
                early.await()
                fake.simulateConnectionLost()
                val offline = async { fake.publish(MqttMessage.text("t/offline", "2")) }
                runCurrent()
                fake.published.map { it.topic } shouldContainExactly listOf("t/early")
                fake.simulateReconnect(sessionPresent = false)
                offline.await()
                fake.published.map { it.topic } shouldContainExactly listOf("t/early", "t/offline")
                fake.statistics().incompleteOperationCount shouldBe 0
            }
        }

        test("waiting operations fail after the operation timeout, and on disconnect") {
            runTest {
                val fake = FakeIotMqttClient()
                val start = testScheduler.currentTime
                shouldThrow<OperationTimeoutException> { fake.publish(MqttMessage.text("t", "x")) }
                (testScheduler.currentTime - start) shouldBe fake.config.operationTimeout!!.inWholeMilliseconds
                val waiting = async { runCatching { fake.publish(MqttMessage.text("t", "y")) } }
                advanceTimeBy(1.seconds)
                fake.disconnect()
                waiting.await().exceptionOrNull().shouldBeInstanceOf<ConnectionLostException>()
            }
        }

        test("a failed connect emits the failure, stops the client and throws; the next connect works") {
            runTest {
                val fake = FakeIotMqttClient()
                val events = recordEvents(fake)
                val refused = ConnectionRefusedException(0x87, "NOT_AUTHORIZED")
                fake.failNextConnect(refused)
                shouldThrow<ConnectionRefusedException> { fake.connect() } shouldBe refused
                fake.state.value shouldBe ConnectionState.Disconnected
                fake.connect()
                runCurrent()
                events shouldContainExactly listOf(
                    "AttemptingConnect",
                    "ConnectionFailure",
                    "Stopped",
                    "AttemptingConnect",
                    "ConnectionSuccess",
                )
            }
        }

        test("injected publish failures throw and record nothing, for the given filter and count") {
            runTest {
                val fake = FakeIotMqttClient()
                fake.connect()
                val rejected = PublishRejectedException("t/1", 0x87, "NOT_AUTHORIZED")
                fake.failPublishes(rejected, "t/+", times = 2)
                shouldThrow<PublishRejectedException> { fake.publish(MqttMessage.text("t/1", "a")) } shouldBe rejected
                fake.publish(MqttMessage.text("other", "b"))
                shouldThrow<PublishRejectedException> { fake.publish(MqttMessage.text("t/2", "c")) }
                fake.publish(MqttMessage.text("t/3", "d"))
                fake.failPublishes(IllegalStateException("broken"))
                shouldThrow<IllegalStateException> { fake.publish(MqttMessage.text("t/4", "e")) }
                fake.clearFailures()
                fake.publish(MqttMessage.text("t/5", "f"))
                fake.published.map { it.topic } shouldContainExactly listOf("other", "t/3", "t/5")
            }
        }

        test("refused subscriptions fail the flow, and a refusal at restore ends the flows holding the filter") {
            runTest {
                val fake = FakeIotMqttClient()
                fake.connect()
                fake.failSubscriptions("secret/#")
                shouldThrow<SubscribeRejectedException> { fake.subscribe("secret/#").first() }
                    .outcomes.single().reasonCode shouldBe 0x87
                fake.subscriptions.value shouldBe emptySet()
                fake.unsubscribeRequests shouldBe emptyList()

                val held =
                    async(start = CoroutineStart.UNDISPATCHED) { runCatching { fake.subscribe("cmd/#").first() } }
                runCurrent()
                fake.failSubscriptions("cmd/#", 0x80)
                fake.simulateConnectionLost()
                fake.simulateReconnect(sessionPresent = false)
                held.await().exceptionOrNull().shouldBeInstanceOf<SubscribeRejectedException>()
                fake.subscriptions.value shouldBe emptySet()
            }
        }

        test("close fails waiting operations and later calls; delivering flows stay until their collectors stop") {
            runTest {
                val fake = FakeIotMqttClient()
                val waiting = async { runCatching { fake.publish(MqttMessage.text("t", "x")) } }
                val subscribing = async { runCatching { fake.subscribe("s").first() } }
                runCurrent()
                fake.close()
                waiting.await().exceptionOrNull().shouldBeInstanceOf<ClientClosedException>()
                subscribing.await().exceptionOrNull().shouldBeInstanceOf<ClientClosedException>()

                val open = FakeIotMqttClient()
                open.connect()
                val flow = async(start = CoroutineStart.UNDISPATCHED) { open.subscribe("a").first() }
                runCurrent()
                open.close()
                runCurrent()
                flow.isActive shouldBe true // as with the real client: it ends when its collector stops
                flow.cancel()
                shouldThrow<ClientClosedException> { open.publish(MqttMessage.text("t", "x")) }
                shouldThrow<ClientClosedException> { open.subscribe("b") }
                shouldThrow<ClientClosedException> { open.connect() }
                open.close() // idempotent
            }
        }

        test("a slow SUBACK delays the subscription in virtual time") {
            runTest {
                val fake = FakeIotMqttClient()
                fake.connect()
                fake.subscribeDelay = 3.seconds
                val start = testScheduler.currentTime
                backgroundScope.launch { fake.subscribe("slow").collect {} }
                fake.awaitSubscribed("slow")
                (testScheduler.currentTime - start) shouldBe 3_000L
            }
        }
    })
