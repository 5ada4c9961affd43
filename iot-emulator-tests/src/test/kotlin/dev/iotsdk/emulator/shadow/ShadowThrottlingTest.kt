package dev.iotsdk.emulator.shadow

import com.hivemq.client.mqtt.MqttGlobalPublishFilter
import com.hivemq.client.mqtt.datatypes.MqttQos
import dev.iotsdk.emulator.IotEmulator
import dev.iotsdk.emulator.IotEmulatorConfig
import dev.iotsdk.emulator.plain5
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.ints.shouldBeGreaterThanOrEqual
import io.kotest.matchers.shouldBe
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import java.util.concurrent.TimeUnit

/**
 * Floods one shadow with [count] QoS 0 GETs on one connection; returns (accepted, 429 rejections) once all answered.
 */
private fun flood(emu: IotEmulator, thing: String, count: Int): Pair<Int, Int> {
    val client = plain5(emu, "flood-$thing").also { it.connect() }
    val publishes = client.publishes(MqttGlobalPublishFilter.ALL)
    try {
        val prefix = "\$aws/things/$thing/shadow"
        client.subscribeWith().topicFilter("$prefix/get/+").qos(MqttQos.AT_LEAST_ONCE).send()
        client.publishWith().topic("$prefix/update").qos(MqttQos.AT_LEAST_ONCE)
            .payload("""{"state":{"reported":{"on":true}}}""".toByteArray()).send()
        repeat(count) { i ->
            client.publishWith().topic(
                "$prefix/get",
            ).qos(MqttQos.AT_MOST_ONCE).payload("""{"clientToken":"t$i"}""".toByteArray()).send()
        }
        var accepted = 0
        var throttled = 0
        while (accepted + throttled < count) {
            val p = publishes.receive(10, TimeUnit.SECONDS).orElseThrow {
                AssertionError("only ${accepted + throttled} of $count answers")
            }
            val body = Json.parseToJsonElement(String(p.payloadAsBytes)).jsonObject
            when {
                p.topic.toString().endsWith("/get/accepted") -> accepted++
                else -> {
                    body["code"]!!.jsonPrimitive.content shouldBe "429"
                    body["message"]!!.jsonPrimitive.content shouldBe "Too Many Requests"
                    (body["clientToken"]!!.jsonPrimitive.content.startsWith("t")) shouldBe true
                    throttled++
                }
            }
        }
        return accepted to throttled
    } finally {
        publishes.close()
        client.disconnect()
    }
}

class ShadowThrottlingTest :
    FunSpec({
        test("with AWS's limits, a flood of requests on one connection and thing gets 429 Too Many Requests") {
            val config = IotEmulatorConfig {
                shadowInFlightLimit = IotEmulatorConfig.AWS_SHADOW_IN_FLIGHT_LIMIT
                shadowRequestsPerSecond = IotEmulatorConfig.AWS_SHADOW_REQUESTS_PER_SECOND
            }
            IotEmulator.start(config).use { emu ->
                val (accepted, throttled) = flood(emu, "flooded", 300)
                println("shadow throttling: $accepted accepted, $throttled refused with 429")
                throttled shouldBeGreaterThan 0
                accepted shouldBeGreaterThanOrEqual 1
                // the shadow itself is intact and answers again once the burst is over
                emu.shadow("flooded")!!.contains("\"on\":true") shouldBe true
            }
        }

        test("by default nothing is throttled") {
            IotEmulator.start().use { emu ->
                flood(emu, "unthrottled", 300) shouldBe (300 to 0)
            }
        }
    })
