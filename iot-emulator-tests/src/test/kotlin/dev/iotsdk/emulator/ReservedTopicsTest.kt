package dev.iotsdk.emulator

import com.hivemq.client.mqtt.MqttGlobalPublishFilter
import com.hivemq.client.mqtt.datatypes.MqttQos
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode
import io.kotest.assertions.withClue
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.util.concurrent.TimeUnit

/**
 * Issue 20 item 7, forged service messages. AWS's rule (DG:reserved-topics, spec/connect.md §8.1): clients may publish
 * only to the request topics of the reserved `$aws/` families; every response, notification and event topic is
 * subscribe-only (AWS IoT publishes there itself), and a client publish to one is refused like a policy violation.
 * The emulator's internal one-recipient marker cannot be set or steered from outside either.
 */
class ReservedTopicsTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())

        fun next(queue: Mqtt5BlockingClientPublishes): Mqtt5Publish =
            queue.receive(10, TimeUnit.SECONDS).orElseThrow { AssertionError("nothing received within 10 s") }

        test("an attacker cannot publish shadow, jobs, provisioning or event answers; the victim sees only AWS's") {
            val device = emu.registerThing("rt-victim")
            val victim = mqtt5(emu, "rt-victim", device).also { it.connect() }
            val victimInbox = victim.publishes(MqttGlobalPublishFilter.ALL)
            val prefix = "\$aws/things/rt-victim"
            for (filter in listOf("shadow/update/delta", "shadow/get/accepted", "jobs/notify-next")) {
                victim.subscribeWith().topicFilter("$prefix/$filter").qos(MqttQos.AT_LEAST_ONCE).send()
            }
            val attacker = plain5(emu, "rt-attacker").also { it.connect() }
            val forged = listOf(
                "$prefix/shadow/update/delta",
                "$prefix/shadow/get/accepted",
                "$prefix/shadow/update/accepted",
                "$prefix/shadow/update/rejected",
                "$prefix/shadow/update/documents",
                "$prefix/shadow/name/lamp/update/delta",
                "$prefix/shadow/delete/accepted",
                "$prefix/jobs/notify",
                "$prefix/jobs/notify-next",
                "$prefix/jobs/get/accepted",
                "$prefix/jobs/job-1/update/accepted",
                "$prefix/defender/metrics/json/accepted",
                "$prefix/tunnels/notify",
                "$prefix/streams/s1/data/json",
                "\$aws/events/presence/connected/rt-victim",
                "\$aws/certificates/create/json/accepted",
                "\$aws/provisioning-templates/factory/provision/json/rejected",
                "\$aws/commands/things/rt-victim/executions/e1/request/json",
                "\$aws/made-up/topic",
            )
            for (topic in forged) {
                withClue(topic) {
                    pubAckCode {
                        attacker.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                            .payload("""{"state":{"forged":true}}""".toByteArray()).send()
                    } shouldBe Mqtt5PubAckReasonCode.NOT_AUTHORIZED
                }
            }
            // MQTT 3.1.1 has no negative PUBACK: the forger is disconnected, as for any policy violation
            val attacker3 = plain3(emu, "rt-attacker3").also { it.connect() }
            attacker3.publishWith().topic("$prefix/shadow/update/delta").qos(MqttQos.AT_MOST_ONCE)
                .payload("""{"state":{"forged":true}}""".toByteArray()).send()
            emu.awaitEvent {
                it is EmulatorEvent.ClientDisconnected && it.clientId == "rt-attacker3" && it.reason == "AUTH_ERROR"
            }
            // the request topics stay open to clients, and the attacker (MQTT 5) is still served
            for (topic in listOf(
                "\$aws/things/rt-other/shadow/update",
                "\$aws/things/rt-other/shadow/name/lamp/get",
                "\$aws/things/rt-other/jobs/get",
                "\$aws/things/rt-other/jobs/job-1/update",
                "\$aws/things/rt-other/defender/metrics/json",
                "\$aws/rules/ingest/telemetry",
            )) {
                withClue(topic) {
                    pubAckCode {
                        attacker.publishWith().topic(
                            topic,
                        ).qos(MqttQos.AT_LEAST_ONCE).payload("{}".toByteArray()).send()
                    } shouldBe Mqtt5PubAckReasonCode.SUCCESS
                }
            }
            attacker.state.isConnected shouldBe true
            // the victim's first delta and get/accepted are AWS's own (the forged ones were published before them)
            emu.updateShadow("rt-victim", null, """{"state":{"desired":{"on":true}}}""")
            val delta = next(victimInbox)
            delta.topic.toString() shouldBe "$prefix/shadow/update/delta"
            String(delta.payloadAsBytes) shouldNotContain "forged"
            String(delta.payloadAsBytes) shouldContain "\"on\":true"
            victim.publishWith().topic("$prefix/shadow/get").qos(MqttQos.AT_LEAST_ONCE).payload("{}".toByteArray())
                .send()
            val accepted = next(victimInbox)
            accepted.topic.toString() shouldBe "$prefix/shadow/get/accepted"
            String(accepted.payloadAsBytes) shouldNotContain "forged"
            attacker.disconnect()
            victim.disconnect()
        }

        test("the data plane's Publish refuses subscribe-only reserved topics too") {
            val device = emu.registerThing("rt-http")
            val http = HttpClient.newBuilder()
                .sslContext(Tls.context(emu.caCertificatePem, device.certificatePem to device.privateKeyPem)).build()
            fun publish(rawTopic: String): HttpResponse<String> = http.send(
                HttpRequest.newBuilder(URI("https://localhost:${emu.port8443}/topics/$rawTopic?qos=1"))
                    .POST(HttpRequest.BodyPublishers.ofString("""{"state":{"forged":true}}""")).build(),
                HttpResponse.BodyHandlers.ofString(),
            )
            val refused = publish("%24aws%2Fthings%2Frt-victim%2Fshadow%2Fupdate%2Fdelta")
            refused.statusCode() shouldBe 403
            refused.headers().firstValue("x-amzn-ErrorType").get() shouldBe "ForbiddenException:"
            publish("%24aws%2Fthings%2Frt-http%2Fshadow%2Fupdate").statusCode() shouldBe 200
            publish("rt%2Fhttp%2Ftelemetry").statusCode() shouldBe 200
        }

        test("a client-set iotsdk-emulator-recipient property neither hides nor steers a message") {
            val victim = plain5(emu, "rt-steer-victim").also { it.connect() }
            val bystander = plain5(emu, "rt-steer-bystander").also { it.connect() }
            val victimInbox = victim.publishes(MqttGlobalPublishFilter.ALL)
            val bystanderInbox = bystander.publishes(MqttGlobalPublishFilter.ALL)
            victim.subscribeWith().topicFilter("rt/steer").qos(MqttQos.AT_LEAST_ONCE).send()
            bystander.subscribeWith().topicFilter("rt/steer").qos(MqttQos.AT_LEAST_ONCE).send()
            val attacker = plain5(emu, "rt-steer-attacker").also { it.connect() }
            attacker.publishWith().topic("rt/steer").qos(MqttQos.AT_LEAST_ONCE).payload("hello".toByteArray())
                .userProperties().add("iotsdk-emulator-recipient", "rt-steer-victim").applyUserProperties().send()
            // AWS IoT passes user properties through unchanged, to every subscriber
            for (inbox in listOf(victimInbox, bystanderInbox)) {
                val got = next(inbox)
                String(got.payloadAsBytes) shouldBe "hello"
                got.userProperties.asList().map { "${it.name}=${it.value}" } shouldBe
                    listOf("iotsdk-emulator-recipient=rt-steer-victim")
            }
            // service answers for one connection still reach that connection only
            val device = emu.registerThing("rt-steer-shadow")
            val owner = mqtt5(emu, "rt-steer-owner", device).also { it.connect() }
            val ownerInbox = owner.publishes(MqttGlobalPublishFilter.ALL)
            owner.subscribeWith().topicFilter("\$aws/things/rt-steer-shadow/jobs/get/accepted")
                .qos(MqttQos.AT_LEAST_ONCE).send()
            owner.publishWith().topic("\$aws/things/rt-steer-shadow/jobs/get").qos(MqttQos.AT_LEAST_ONCE)
                .payload("{}".toByteArray()).send()
            next(ownerInbox).userProperties.asList() shouldBe emptyList()
            listOf(victim, bystander, attacker, owner).forEach { it.disconnect() }
        }
    })

private typealias Mqtt5BlockingClientPublishes = com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient.Mqtt5Publishes
