package dev.iotsdk.emulator.defender

import com.hivemq.client.mqtt.MqttGlobalPublishFilter
import com.hivemq.client.mqtt.datatypes.MqttQos
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient
import dev.iotsdk.emulator.IotEmulatorExtension
import dev.iotsdk.emulator.internal.cbor.Cbor
import dev.iotsdk.emulator.mqtt5
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldStartWith
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.long
import java.util.concurrent.TimeUnit

/** The defender service with the plain HiveMQ client over mutual TLS, fed AWS's documented reports (spec/defender.md). */
class DefenderServiceTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())

        // the DG's long-name example (spec/defender.md section 2) and its short-name equivalent
        val long = """{"header":{"report_id":1530304554,"version":"1.0"},"metrics":{"listening_tcp_ports":{"ports":
            [{"interface":"eth0","port":24800}],"total":1},"listening_udp_ports":{"ports":[{"interface":"eth0",
            "port":5353}],"total":1},"network_stats":{"bytes_in":29358693495,"bytes_out":26485035,"packets_in":
            10013573555,"packets_out":11382615},"tcp_connections":{"established_connections":{"connections":
            [{"local_interface":"eth0","local_port":80,"remote_addr":"192.168.0.1:8000"}],"total":1}}},
            "custom_metrics":{"MyMetricOfType_Number":[{"number":1}]}}"""
        val short = """{"hed":{"rid":1530304555,"v":"1.0"},"met":{"tp":{"pts":[{"if":"eth0","pt":24800}],"t":1},
            "ns":{"bi":1,"bo":2,"pi":3,"po":4},"tc":{"ec":{"cs":[{"li":"eth0","lp":80,"rad":"192.168.0.1:8000"}],
            "t":1}}},"cmet":{"MyMetricOfType_Number":[{"number":1}]}}"""

        class Device(thing: String) : AutoCloseable {
            val topic = "\$aws/things/$thing/defender/metrics"
            val client: Mqtt5BlockingClient = mqtt5(emu, thing, emu.registerThing(thing)).also { it.connect() }
            val publishes = client.publishes(MqttGlobalPublishFilter.ALL)

            init {
                client.subscribeWith().topicFilter("$topic/+/+").qos(MqttQos.AT_LEAST_ONCE).send()
            }

            fun report(format: String, payload: ByteArray): Pair<String, ByteArray> {
                client.publishWith().topic("$topic/$format").qos(MqttQos.AT_LEAST_ONCE).payload(payload).send()
                val answer = publishes.receive(10, TimeUnit.SECONDS).get()
                return answer.topic.toString().substringAfterLast('/') to answer.payloadAsBytes
            }

            fun json(payload: String): Pair<String, JsonObject> =
                report("json", payload.encodeToByteArray()).let { (kind, body) ->
                    kind to Json.parseToJsonElement(body.decodeToString()).jsonObject
                }

            override fun close() = client.disconnect()
        }

        test("AWS's long- and short-name examples are accepted with the thing, report id, status and timestamp") {
            Device("dd-accepts").use { d ->
                val (kind, body) = d.json(long)
                kind shouldBe "accepted"
                body["thingName"]!!.jsonPrimitive.content shouldBe "dd-accepts"
                body["reportId"]!!.jsonPrimitive.long shouldBe 1530304554
                body["status"]!!.jsonPrimitive.content shouldBe "ACCEPTED"
                (body["timestamp"]!!.jsonPrimitive.long > 1_600_000_000_000) shouldBe true
                d.json(short).first shouldBe "accepted"
                val kept = emu.defender.reports("dd-accepts")
                kept.map { it.reportId } shouldBe listOf(1530304554L, 1530304555L)
                // kept with long names whatever was sent
                Json.parseToJsonElement(kept[1].json!!).jsonObject["metrics"]!!.jsonObject.keys shouldBe
                    setOf("listening_tcp_ports", "network_stats", "tcp_connections")
            }
        }

        test("malformed reports get AWS's InvalidPayload rejection, naming what is wrong") {
            Device("dd-rejects").use { d ->
                val bad = listOf(
                    // AWS's documented cause: a number not wrapped in an array
                    """{"header":{"report_id":5,"version":"1.0"},"custom_metrics":{"m":{"number":1}}}""",
                    """{"header":{"report_id":5,"version":"1.0"}}""",
                    """{"header":{"report_id":-5,"version":"1.0"},"cmet":{"m":[{"number":1}]}}""",
                    """{"header":{"report_id":5,"version":"one"},"cmet":{"m":[{"number":1}]}}""",
                    """{"hed":{"rid":5,"v":"1.0"},"met":{"tp":{"pts":[{"pt":0}]}}}""",
                    """{"hed":{"rid":5,"v":"1.0"},"met":{"ns":{"bi":-1}}}""",
                    """{"hed":{"rid":5,"report_id":6,"v":"1.0"},"cmet":{"m":[{"number":1}]}}""",
                    """{"hed":{"rid":5,"v":"1.0"},"met":{"tc":{"ec":{"cs":[{"rad":"host.example:80"}]}}}}""",
                    """{"hed":{"rid":5,"v":"1.0"},"cmet":{"aws:m":[{"number":1}]}}""",
                    """{"hed":{"rid":5,"v":"1.0"},"cmet":{"m":[{"ip_list":["300.1.1.1"]}]}}""",
                    """{"hed":{"rid":5,"v":"1.0"},"surprise":{}}""",
                    "not json",
                )
                bad.forEach { payload ->
                    val (kind, body) = d.json(payload)
                    kind shouldBe "rejected"
                    body["status"]!!.jsonPrimitive.content shouldBe "REJECTED"
                    val details = body["statusDetails"]!!.jsonObject
                    details["ErrorCode"]!!.jsonPrimitive.content shouldBe "InvalidPayload"
                    details["ErrorMessage"]!!.jsonPrimitive.content shouldStartWith "Malformed metrics report"
                }
                emu.defender.acceptedReports("dd-rejects") shouldBe emptyList()
            }
        }

        test("report ids must increase per thing; CBOR reports are answered in CBOR; throttling when turned on") {
            Device("dd-ids").use { d ->
                d.json("""{"hed":{"rid":100,"v":"1.0"},"cmet":{"m":[{"number":1}]}}""").first shouldBe "accepted"
                d.json("""{"hed":{"rid":100,"v":"1.0"},"cmet":{"m":[{"number":1}]}}""").first shouldBe "rejected"
                d.json("""{"hed":{"rid":99,"v":"1.0"},"cmet":{"m":[{"number":1}]}}""").first shouldBe "rejected"
                val cbor = Cbor.encode(
                    mapOf(
                        "hed" to mapOf("rid" to 101L, "v" to "1.0"),
                        "cmet" to mapOf("m" to listOf(mapOf("number" to 2L))),
                    ),
                )
                val (kind, body) = d.report("cbor", cbor)
                kind shouldBe "accepted"
                @Suppress("UNCHECKED_CAST")
                val answer = Cbor.decode(body) as Map<String, Any?>
                answer["reportId"] shouldBe 101L
                answer["status"] shouldBe "ACCEPTED"
                emu.defender.throttle(java.time.Duration.ofMinutes(5))
                try {
                    val (throttled, details) = d.json("""{"hed":{"rid":102,"v":"1.0"},"cmet":{"m":[{"number":1}]}}""")
                    throttled shouldBe "rejected"
                    details["statusDetails"]!!.jsonObject["ErrorCode"]!!.jsonPrimitive.content shouldBe "Throttled"
                } finally {
                    emu.defender.throttle(null)
                }
            }
        }

        test("a neighbour cannot forge another thing's accepted answer: the victim sees only the service's") {
            Device("dd-victim").use { victim ->
                val attacker = mqtt5(emu, "dd-attacker", emu.registerThing("dd-attacker")).also { it.connect() }
                // refused (AWS's reserved response topics cannot be published to) ...
                runCatching {
                    attacker.publishWith().topic("${victim.topic}/json/accepted").qos(MqttQos.AT_LEAST_ONCE)
                        .payload("""{"thingName":"dd-victim","reportId":7,"status":"ACCEPTED"}""".encodeToByteArray())
                        .send()
                }.isFailure shouldBe true
                runCatching { attacker.disconnect() }
                // ... and the victim, subscribed before the forgery, gets the service's answer to its own report first
                val (kind, body) = victim.json("""{"hed":{"rid":8,"v":"1.0"},"cmet":{"m":[{"number":1}]}}""")
                kind shouldBe "accepted"
                body["reportId"]!!.jsonPrimitive.long shouldBe 8
            }
        }
    })
