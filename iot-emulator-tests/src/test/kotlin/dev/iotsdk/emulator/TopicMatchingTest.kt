package dev.iotsdk.emulator

import com.hivemq.client.mqtt.MqttGlobalPublishFilter
import com.hivemq.client.mqtt.datatypes.MqttQos
import dev.iotsdk.emulator.internal.Topics
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.util.concurrent.TimeUnit

class TopicMatchingTest :
    FunSpec({
        test("filter matching, MQTT vs AWS rules") {
            Topics.matches("sensor/#", "sensor/temp", awsRules = true) shouldBe true
            Topics.matches("sensor/#", "sensor/", awsRules = true) shouldBe true
            Topics.matches("sensor/#", "sensor", awsRules = true) shouldBe false
            Topics.matches("sensor/#", "sensor", awsRules = false) shouldBe true
            Topics.matches("a/+/c", "a/b/c", awsRules = true) shouldBe true
            Topics.matches("a/+/c", "a/b/c/d", awsRules = true) shouldBe false
            Topics.matches("#", "\$aws/x", awsRules = false) shouldBe false
            Topics.matches("\$aws/#", "\$aws/x", awsRules = true) shouldBe true
            Topics.matches("\$share/g/a/#", "a/b", awsRules = true) shouldBe true
        }

        val emu = install(IotEmulatorExtension())

        test("AWS deviation: a subscription to sensor/# does not receive messages on sensor") {
            val sub = plain5(emu, "parent-sub")
            sub.connect()
            val publishes = sub.publishes(MqttGlobalPublishFilter.ALL)
            sub.subscribeWith().topicFilter("sensor/#").qos(MqttQos.AT_LEAST_ONCE).send()
            val pub = plain5(emu, "parent-pub")
            pub.connect()
            pub.publishWith().topic("sensor").qos(MqttQos.AT_LEAST_ONCE).payload("parent".toByteArray()).send()
            pub.publishWith().topic(
                "sensor/temperature",
            ).qos(MqttQos.AT_LEAST_ONCE).payload("child".toByteArray()).send()
            String(publishes.receive(10, TimeUnit.SECONDS).get().payloadAsBytes) shouldBe "child"
            sub.subscribeWith().topicFilter("sensor").qos(MqttQos.AT_LEAST_ONCE).send()
            pub.publishWith().topic("sensor").qos(MqttQos.AT_LEAST_ONCE).payload("exact".toByteArray()).send()
            String(publishes.receive(10, TimeUnit.SECONDS).get().payloadAsBytes) shouldBe "exact"
            publishes.receive(300, TimeUnit.MILLISECONDS).isPresent shouldBe false
            pub.disconnect()
            sub.disconnect()
        }
    })
