package dev.iotsdk.test

import dev.iotsdk.core.InvalidTopicException
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.Qos
import dev.iotsdk.core.Subscription
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import kotlin.time.Duration.Companion.seconds

/** Publishing, delivering and subscribing through the fake. */
class FakeIotMqttClientTest :
    FunSpec({
        test("publishes are recorded in order, replayed then followed by the flow, and cleared") {
            runTest {
                val fake = FakeIotMqttClient()
                fake.connect()
                fake.publish(MqttMessage.text("telemetry/a", "1"))
                val firstThree = async(start = CoroutineStart.UNDISPATCHED) { fake.publishes.take(3).toList() }
                fake.publish(MqttMessage.text("telemetry/b", "2", Qos.AT_MOST_ONCE))
                fake.publish("telemetry/c", "3".encodeToByteArray())
                firstThree.await().map { it.payloadAsString() } shouldContainExactly listOf("1", "2", "3")
                fake.published.map { it.topic } shouldContainExactly listOf("telemetry/a", "telemetry/b", "telemetry/c")
                fake.published[1].qos shouldBe Qos.AT_MOST_ONCE

                fake.clearPublished()
                fake.published.shouldBeEmpty()
                val next = async(start = CoroutineStart.UNDISPATCHED) { fake.publishes.first() }
                fake.publish(MqttMessage.text("telemetry/d", "4"))
                next.await().payloadAsString() shouldBe "4"
            }
        }

        test("awaitPublish finds a past or future publish by filter and predicate, and fails with what was published") {
            runTest {
                val fake = FakeIotMqttClient()
                fake.connect()
                fake.publish(MqttMessage.text("state/t1", """{"on":false}"""))
                fake.awaitPublish("state/+").payloadAsString() shouldBe """{"on":false}"""
                val on = async { fake.awaitPublish("state/#") { it.payloadAsString().contains("true") } }
                runCurrent()
                on.isCompleted shouldBe false
                fake.publish(MqttMessage.text("state/t1", """{"on":true}"""))
                on.await().payloadAsString() shouldBe """{"on":true}"""
                val e = shouldThrow<AssertionError> { fake.awaitPublish("alarm/#", timeout = 1.seconds) }
                e.message shouldContain "alarm/#"
                e.message shouldContain "state/t1"
            }
        }

        test("deliver reaches the subscriptions whose filters match, as AWS IoT matches them") {
            runTest {
                val fake = FakeIotMqttClient()
                fake.connect()
                val plus = mutableListOf<String>()
                val hash = mutableListOf<String>()
                val all = mutableListOf<String>()
                backgroundScope.launch { fake.subscribe("sensor/+/temp").collect { plus += it.topic } }
                backgroundScope.launch { fake.subscribe("sensor/#").collect { hash += it.topic } }
                backgroundScope.launch { fake.subscribe("#").collect { all += it.topic } }
                runCurrent()
                fake.subscriptions.value shouldBe setOf("sensor/+/temp", "sensor/#", "#")
                fake.deliver("sensor/a/temp", "1") shouldBe true
                fake.deliver("sensor/a/humidity", "2") shouldBe true
                fake.deliver("sensor", "3") shouldBe true // only "#": AWS IoT's sensor/# skips the parent
                fake.deliver("\$aws/things/t1/shadow/update/delta", "4") shouldBe false // no wildcard reaches $ topics
                runCurrent()
                plus shouldContainExactly listOf("sensor/a/temp")
                hash shouldContainExactly listOf("sensor/a/temp", "sensor/a/humidity")
                all shouldContainExactly listOf("sensor/a/temp", "sensor/a/humidity", "sensor")
            }
        }

        test("deliver returns false without a matching subscription or a connection") {
            runTest {
                val fake = FakeIotMqttClient()
                fake.deliver("cmd/t1", "x") shouldBe false // not connected yet
                fake.connect()
                fake.deliver("cmd/t1", "x") shouldBe false // nothing subscribed
                val got = async(start = CoroutineStart.UNDISPATCHED) { fake.subscribe("cmd/t1").first() }
                runCurrent()
                fake.simulateConnectionLost()
                fake.deliver("cmd/t1", "while down") shouldBe false
                fake.simulateReconnect(sessionPresent = true)
                fake.deliver("cmd/t1", "back") shouldBe true
                got.await().payloadAsString() shouldBe "back"
            }
        }

        test("overlapping flows share one SUBSCRIBE; the last collector to stop sends the UNSUBSCRIBE") {
            runTest {
                val fake = FakeIotMqttClient()
                fake.connect()
                val a = backgroundScope.launch { fake.subscribe("cmd/#").collect {} }
                val b = backgroundScope.launch { fake.subscribe("cmd/#", Qos.AT_MOST_ONCE).collect {} }
                fake.awaitSubscribed("cmd/#")
                runCurrent()
                fake.subscribeRequests.map { r -> r.map { it.filter } } shouldContainExactly listOf(listOf("cmd/#"))
                a.cancel()
                runCurrent()
                fake.unsubscribeRequests.shouldBeEmpty()
                b.cancel()
                fake.awaitUnsubscribed("cmd/#")
                fake.unsubscribeRequests shouldContainExactly listOf(listOf("cmd/#"))
                fake.subscriptions.value shouldBe emptySet()
            }
        }

        test("subscribeAll holds filters for messages until unsubscribe; a flow on the same filter keeps it") {
            runTest {
                val fake = FakeIotMqttClient()
                fake.connect()
                val all = mutableListOf<String>()
                backgroundScope.launch(start = CoroutineStart.UNDISPATCHED) {
                    fake.messages.collect { all += it.topic }
                }
                val outcomes = fake.subscribeAll(listOf(Subscription("a"), Subscription("b", Qos.AT_MOST_ONCE)))
                outcomes.map { it.grantedQos } shouldContainExactly listOf(Qos.AT_LEAST_ONCE, Qos.AT_MOST_ONCE)
                val flow = backgroundScope.launch { fake.subscribe("a").collect {} }
                runCurrent()
                fake.deliver("a", "1") shouldBe true
                fake.unsubscribe(listOf("a", "b"))
                fake.unsubscribeRequests shouldContainExactly listOf(listOf("b"))
                fake.deliver("a", "2") shouldBe true
                fake.deliver("b", "3") shouldBe false
                flow.cancel()
                runCurrent()
                fake.unsubscribeRequests shouldContainExactly listOf(listOf("b"), listOf("a"))
                all shouldContainExactly listOf("a", "a")
            }
        }

        test("SUBSCRIBEs carry at most eight filters, as AWS IoT takes them") {
            runTest {
                val fake = FakeIotMqttClient()
                fake.connect()
                fake.subscribeAll((1..10).map { Subscription("t/$it") }).size shouldBe 10
                fake.subscribeRequests.map { it.size } shouldContainExactly listOf(8, 2)
            }
        }

        test("the client's own publishes loop back to its subscriptions, except no-local ones") {
            runTest {
                val fake = FakeIotMqttClient()
                fake.connect()
                val echoed = async(start = CoroutineStart.UNDISPATCHED) { fake.subscribe("echo/1").first() }
                val local = mutableListOf<MqttMessage>()
                backgroundScope.launch {
                    fake.subscribe(Subscription("quiet/1", noLocal = true)).collect { local += it }
                }
                runCurrent()
                fake.publish(MqttMessage.text("echo/1", "hi")).reasonCode shouldBe 0
                echoed.await().payloadAsString() shouldBe "hi"
                fake.publish(MqttMessage.text("quiet/1", "mine"))
                fake.deliver("quiet/1", "theirs")
                runCurrent()
                local.map { it.payloadAsString() } shouldContainExactly listOf("theirs")
            }
        }

        test("onPublish plays the service side until closed") {
            runTest {
                val fake = FakeIotMqttClient()
                fake.connect()
                val replies =
                    async(start = CoroutineStart.UNDISPATCHED) { fake.subscribe("req/reply").take(1).toList() }
                runCurrent()
                val listener = fake.onPublish("req/+") { fake.deliver("req/reply", "re: " + it.payloadAsString()) }
                fake.publish(MqttMessage.text("req/ask", "ping"))
                replies.await().single().payloadAsString() shouldBe "re: ping"
                listener.close()
                fake.publish(MqttMessage.text("req/ask", "again"))
                fake.published.size shouldBe 2
            }
        }

        test("invalid topics and filters are refused before anything is recorded") {
            runTest {
                val fake = FakeIotMqttClient()
                fake.connect()
                shouldThrow<InvalidTopicException> { fake.publish(MqttMessage.text("a/+", "x")) }
                shouldThrow<InvalidTopicException> { fake.publish(MqttMessage.text("", "x")) }
                shouldThrow<InvalidTopicException> {
                    fake.publish(MqttMessage.text("\$aws/things/t/shadow/update", "{}", retain = true))
                }
                shouldThrow<InvalidTopicException> { fake.subscribe("a/#/b") }
                shouldThrow<InvalidTopicException> { fake.subscribe("a/b+") }
                shouldThrow<InvalidTopicException> { fake.subscribeAll(listOf(Subscription("#/x"))) }
                fake.published.shouldBeEmpty()
                fake.subscribeRequests.shouldBeEmpty()
            }
        }
    })
