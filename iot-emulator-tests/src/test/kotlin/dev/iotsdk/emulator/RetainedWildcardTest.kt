package dev.iotsdk.emulator

import com.hivemq.client.mqtt.MqttGlobalPublishFilter
import com.hivemq.client.mqtt.datatypes.MqttQos
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.util.concurrent.TimeUnit

/**
 * Retained messages are delivered on subscribe only to a filter equal to their topic.
 *
 * AWS source of the rule: spec/connect.md §6.2 and §6.4 (DG:mqtt, "Subscription to topic filters that contain a
 * wildcard character can't receive retained messages. To receive a retained message, the subscribe request must contain
 * a topic filter that matches the retained message topic exactly."). The clients here subscribe as AWS's Python v1 SDK
 * (MQTT 3.1.1) and the v2 SDKs (MQTT 5, default retain handling "send on subscribe") do.
 */
class RetainedWildcardTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())

        fun retainedPublisher(id: String, topic: String) = plain5(emu, id).also {
            it.connect()
            it.publishWith().topic(topic).retain(true).qos(MqttQos.AT_LEAST_ONCE).payload("on".toByteArray()).send()
        }

        /** Everything [received] gets up to and including the first message on [marker], as (topic, retain) pairs. */
        fun untilMarker(next: () -> Pair<String, Boolean>, marker: String): List<Pair<String, Boolean>> {
            val seen = mutableListOf<Pair<String, Boolean>>()
            while (seen.lastOrNull()?.first != marker) seen += next()
            return seen
        }

        test("MQTT 3.1.1: wildcard filters get no retained message; the exact filter gets it with RETAIN set") {
            val publisher = retainedPublisher("retain-publisher-3", "base3/state")
            val client = plain3(emu, "retain-wildcard-3").also { it.connect() }
            client.publishes(MqttGlobalPublishFilter.ALL).use { publishes ->
                fun next() = publishes.nextTopicAndRetain()
                client.subscribeWith().topicFilter("base3/#").qos(MqttQos.AT_LEAST_ONCE).send()
                client.subscribeWith().topicFilter("+/state").qos(MqttQos.AT_LEAST_ONCE).send()
                client.subscribeWith().topicFilter("base3/state").qos(MqttQos.AT_LEAST_ONCE).send()
                next() shouldBe ("base3/state" to true)
                publisher.publishWith().topic("base3/marker").qos(MqttQos.AT_LEAST_ONCE).send()
                // the marker reaches the client through base3/#: live messages still flow to wildcard filters
                untilMarker(::next, "base3/marker") shouldBe listOf("base3/marker" to false)
            }
            client.disconnect()
            publisher.disconnect()
        }

        test("MQTT 5 (default retain handling, send on subscribe): a wildcard filter gets no retained message") {
            val publisher = retainedPublisher("retain-publisher-5", "base5/state")
            val client = plain5(emu, "retain-wildcard-5").also { it.connect() }
            client.publishes(MqttGlobalPublishFilter.ALL).use { publishes ->
                fun next() = publishes.nextTopicAndRetain()
                client.subscribeWith().topicFilter("base5/#").qos(MqttQos.AT_LEAST_ONCE).send()
                publisher.publishWith().topic("base5/marker").qos(MqttQos.AT_LEAST_ONCE).send()
                untilMarker(::next, "base5/marker") shouldBe listOf("base5/marker" to false)
                client.subscribeWith().topicFilter("base5/state").qos(MqttQos.AT_LEAST_ONCE).send()
                next() shouldBe ("base5/state" to true)
            }
            client.disconnect()
            publisher.disconnect()
        }
    })

/** The next message's topic and RETAIN flag, within 10 seconds. */
private fun com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient.Mqtt3Publishes.nextTopicAndRetain() =
    receive(10, TimeUnit.SECONDS).orElseThrow { AssertionError("nothing in 10 s") }.let {
        it.topic.toString() to
            it.isRetain
    }

private fun com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient.Mqtt5Publishes.nextTopicAndRetain() =
    receive(10, TimeUnit.SECONDS).orElseThrow { AssertionError("nothing in 10 s") }.let {
        it.topic.toString() to
            it.isRetain
    }
