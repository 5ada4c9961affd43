package dev.iotsdk.emulator.shadow

import com.hivemq.client.mqtt.MqttGlobalPublishFilter
import com.hivemq.client.mqtt.datatypes.MqttQos
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient
import dev.iotsdk.emulator.IotEmulator
import dev.iotsdk.emulator.IotEmulatorExtension
import dev.iotsdk.emulator.plain5
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.long
import java.nio.file.Files
import java.nio.file.Paths
import java.util.concurrent.TimeUnit

private val FIXTURES = Paths.get("../../shared/spec/fixtures")

private fun fixture(name: String): String = Files.readString(FIXTURES.resolve(name))

private fun json(text: String): JsonObject = Json.parseToJsonElement(text).jsonObject

/** A plain MQTT 5 client subscribed to every response topic of one shadow. */
private class Probe(emu: IotEmulator, id: String, val prefix: String) : AutoCloseable {
    val client: Mqtt5BlockingClient = plain5(emu, id).also { it.connect() }
    private val publishes = client.publishes(MqttGlobalPublishFilter.ALL)

    init {
        for (t in listOf(
            "get/accepted",
            "get/rejected",
            "update/accepted",
            "update/rejected",
            "update/delta",
            "update/documents",
            "delete/accepted",
            "delete/rejected",
        )) {
            client.subscribeWith().topicFilter("$prefix/$t").qos(MqttQos.AT_LEAST_ONCE).send()
        }
    }

    fun send(op: String, payload: String) {
        client.publishWith().topic("$prefix/$op").qos(MqttQos.AT_LEAST_ONCE).payload(payload.toByteArray()).send()
    }

    /** The next message: its topic suffix after the prefix and its JSON. */
    fun next(): Pair<String, JsonObject> {
        val p = publishes.receive(10, TimeUnit.SECONDS).orElseThrow { AssertionError("no shadow response within 10 s") }
        return p.topic.toString().removePrefix("$prefix/") to json(String(p.payloadAsBytes))
    }

    fun expect(suffix: String): JsonObject {
        val (topic, body) = next()
        topic shouldBe suffix
        return body
    }

    override fun close() = client.disconnect()
}

private val JsonElement?.long: Long get() = this!!.jsonPrimitive.long
private val JsonElement?.text: String get() = this!!.jsonPrimitive.content

class ShadowServiceTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())

        test("update, get and delete a classic shadow; versions continue after delete") {
            Probe(emu, "probe-classic", "\$aws/things/lamp1/shadow").use { p ->
                p.send("update", fixture("shadow-update-request-desired.json"))
                p.expect("update/accepted")["version"].long shouldBe 1
                p.expect("update/delta")["state"] shouldBe json("""{"color":"red","power":"on"}""")
                p.expect("update/documents")
                p.send("update", fixture("shadow-update-request-reported.json"))
                p.expect("update/accepted")["version"].long shouldBe 2
                p.expect("update/documents")
                p.send("get", "")
                val doc = p.expect("get/accepted")
                doc["state"] shouldBe
                    json("""{"desired":{"color":"red","power":"on"},"reported":{"color":"red","power":"on"}}""")
                doc.containsKey("clientToken") shouldBe false
                p.send("delete", """{"clientToken":"d-1"}""")
                val deleted = p.expect("delete/accepted")
                deleted["version"].long shouldBe 2
                deleted["clientToken"].text shouldBe "d-1"
                deleted.keys shouldBe setOf("version", "timestamp", "clientToken")
                emu.shadow("lamp1") shouldBe null
                p.send("delete", "")
                p.expect("delete/rejected") shouldBe
                    json("""{"code":404,"message":"No shadow exists with name: 'lamp1'"}""")
                p.send("update", fixture("shadow-update-request-reported.json"))
                p.expect("update/accepted")["version"].long shouldBe 3
            }
        }

        test("version conflict, null deleting keys and sections, nested deltas") {
            Probe(emu, "probe-rules", "\$aws/things/lamp2/shadow").use { p ->
                emu.updateShadow(
                    "lamp2",
                    null,
                    """{"state":{"desired":{"lights":{"color":{"r":255,"g":255,"b":255}},"engine":"ON"},"reported":{"lights":{"color":{"r":255,"g":0,"b":255}}}}}""",
                )
                p.expect("update/accepted")
                p.expect("update/delta")["state"] shouldBe json("""{"lights":{"color":{"g":255}},"engine":"ON"}""")
                p.expect("update/documents")
                p.send(
                    "update",
                    """{"state":{"desired":{"colors":["BLUE"]}},"version":9,"clientToken":"426bfd96-e720-46d3-95cd-014e3ef12bb6"}""",
                )
                p.expect("update/rejected") shouldBe json(fixture("shadow-error-409.json"))
                p.send("update", """{"state":{"desired":{"engine":null}},"version":1}""")
                val accepted = p.expect("update/accepted")
                accepted["state"] shouldBe json(fixture("shadow-update-request-delete-property.json"))["state"]
                accepted["version"].long shouldBe 2
                p.expect("update/delta")["state"] shouldBe json("""{"lights":{"color":{"g":255}}}""")
                p.expect("update/documents")["current"]!!.jsonObject["state"]!!.jsonObject["desired"] shouldBe
                    json("""{"lights":{"color":{"r":255,"g":255,"b":255}}}""")
                p.send("update", fixture("shadow-update-request-desired-null.json"))
                p.expect("update/accepted")
                p.expect("update/documents")
                json(emu.shadow("lamp2")!!)["state"] shouldBe
                    json("""{"reported":{"lights":{"color":{"r":255,"g":0,"b":255}},"color":"red"}}""")
            }
        }

        test("bad requests get the documented 400 and 413 errors") {
            Probe(emu, "probe-bad", "\$aws/things/lamp3/shadow").use { p ->
                fun rejected(payload: String, message: String) {
                    p.send("update", payload)
                    val body = p.expect("update/rejected")
                    body["code"].long shouldBe 400
                    body["message"].text shouldBe message
                }
                rejected("not json", "Invalid JSON")
                rejected("""{"clientToken":"x"}""", "Missing required node: state")
                rejected("""{"state":1}""", "State node must be an object")
                rejected("""{"state":{"desired":"on"}}""", "Desired node must be an object")
                rejected("""{"state":{"reported":[1]}}""", "Reported node must be an object")
                rejected("""{"state":{"delta":{}}}""", "State contains an invalid node: 'delta'")
                rejected("""{"state":{"desired":{}},"version":"x"}""", "Invalid version")
                rejected("""{"state":{"desired":{}},"clientToken":"${"a".repeat(65)}"}""", "Invalid clientToken")
                rejected(
                    """{"state":{"desired":{"a":{"b":{"c":{"d":{"e":{"f":{"g":1}}}}}}}}}""",
                    "JSON contains too many levels of nesting; maximum is 6",
                )
                p.send("update", """{"state":${fixture("shadow-invalid-array-null-request.json")}}""")
                p.expect("update/rejected")["code"].long shouldBe 400
                p.send("update", """{"state":{"reported":{"blob":"${"x".repeat(8200)}"}},"clientToken":"big"}""")
                p.expect("update/rejected") shouldBe
                    json(
                        """{"code":413,"message":"The payload exceeds the maximum size allowed","clientToken":"big"}""",
                    )
                emu.shadow("lamp3") shouldBe null
                shouldThrow<IllegalArgumentException> { emu.updateShadow("lamp3", null, "{}") }.message shouldContain
                    "Missing required node: state"
            }
        }

        test("a missing classic shadow is rejected with 404 naming the thing; get echoes the clientToken") {
            Probe(emu, "probe-404", "\$aws/things/lamp404/shadow").use { p ->
                p.send("get", """{"clientToken":"t-1"}""")
                val rejected = p.expect("get/rejected")
                rejected["code"].long shouldBe 404
                rejected["message"].text shouldBe "No shadow exists with name: 'lamp404'"
                rejected["clientToken"].text shouldBe "t-1"
            }
        }

        test("the documented walkthrough: named shadow created, desired change, device report, documents and delta") {
            val prefix = "\$aws/things/SmartLamp/shadow/name/simShadow1"
            Probe(emu, "probe-walk", prefix).use { p ->
                p.send("get", "")
                p.expect("get/rejected") shouldBe json(fixture("shadow-error-404-named.json"))

                p.send("update", fixture("shadow-update-request-reported-clienttoken.json"))
                val accepted = p.expect("update/accepted")
                accepted["version"].long shouldBe 1
                accepted["clientToken"].text shouldBe "426bfd96-e720-46d3-95cd-014e3ef12bb6"
                accepted["state"] shouldBe json(fixture("shadow-update-request-reported-clienttoken.json"))["state"]
                val ts = accepted["timestamp"].long
                accepted["metadata"] shouldBe
                    json(
                        """{"reported":{"ID":{"timestamp":$ts},"ColorRGB":[{"timestamp":$ts},{"timestamp":$ts},{"timestamp":$ts}]}}""",
                    )
                val docs = p.expect("update/documents")
                docs.containsKey("previous") shouldBe false
                docs["current"]!!.jsonObject["version"].long shouldBe 1

                // the app's desired change (cloud side) produces accepted, delta and documents
                emu.updateShadow(
                    "SmartLamp",
                    "simShadow1",
                    """{"state":{"desired":{"ColorRGB":[255,255,0]}},"clientToken":"app-1"}""",
                )
                p.expect("update/accepted")["version"].long shouldBe 2
                val delta = p.expect("update/delta")
                delta["state"] shouldBe json("""{"ColorRGB":[255,255,0]}""")
                delta["version"].long shouldBe 2
                delta["clientToken"].text shouldBe "app-1"
                val dts = delta["timestamp"].long
                delta["metadata"] shouldBe
                    json("""{"ColorRGB":[{"timestamp":$dts},{"timestamp":$dts},{"timestamp":$dts}]}""")
                p.expect("update/documents")["previous"]!!.jsonObject["version"].long shouldBe 1

                // the device reports the new colour: no delta any more, documents carry previous/current in full
                p.send("update", fixture("shadow-update-request-reported-colorrgb.json"))
                p.expect("update/accepted")["state"] shouldBe json("""{"reported":{"ColorRGB":[255,255,0]}}""")
                val documents = p.expect("update/documents")
                documents["previous"]!!.jsonObject["state"] shouldBe
                    json(
                        """{"desired":{"ColorRGB":[255,255,0]},"reported":{"ID":"SmartLamp21","ColorRGB":[128,128,128]}}""",
                    )
                documents["current"]!!.jsonObject["state"] shouldBe
                    json(
                        """{"desired":{"ColorRGB":[255,255,0]},"reported":{"ID":"SmartLamp21","ColorRGB":[255,255,0]}}""",
                    )
                documents["current"]!!.jsonObject["version"].long shouldBe 3
                documents["clientToken"].text shouldBe "a4dc2227-9213-4c6a-a6a5-053304f60258"

                p.send("get", """{"clientToken":"g-1"}""")
                val full = p.expect("get/accepted")
                full["state"] shouldBe
                    json(
                        """{"desired":{"ColorRGB":[255,255,0]},"reported":{"ID":"SmartLamp21","ColorRGB":[255,255,0]}}""",
                    )
                full["version"].long shouldBe 3
                full["clientToken"].text shouldBe "g-1"
                json(emu.shadow("SmartLamp", "simShadow1")!!)["state"] shouldBe full["state"]
            }
        }
    })
