package dev.iotsdk.emulator.jobs

import com.hivemq.client.mqtt.MqttGlobalPublishFilter
import com.hivemq.client.mqtt.datatypes.MqttQos
import dev.iotsdk.emulator.IotEmulator
import dev.iotsdk.emulator.plain5
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import java.nio.file.Files
import java.nio.file.Paths
import java.util.concurrent.TimeUnit

/** A device speaking the jobs MQTT API with the plain HiveMQ client, subscribed to everything under its jobs topics. */
class JobsDevice(emulator: IotEmulator, val thing: String) : AutoCloseable {
    private val client = plain5(emulator, "raw-$thing").also { it.connect() }
    private val publishes = client.publishes(MqttGlobalPublishFilter.ALL)
    private val received = mutableListOf<Pair<String, JsonObject>>()
    private var consumed = 0

    init {
        client.subscribeWith().topicFilter("\$aws/things/$thing/jobs/#").qos(MqttQos.AT_LEAST_ONCE).send()
    }

    /** Every message received on [topic] so far, in order (after waiting for at least [count]). */
    fun all(topic: String, count: Int): List<JsonObject> {
        val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10)
        while (received.count { it.first == topic } < count) {
            val left = deadline - System.nanoTime()
            check(left > 0) {
                "only ${received.count {
                    it.first == topic
                }} of $count messages on $topic; got ${received.map { it.first }}"
            }
            publishes.receive(left, TimeUnit.NANOSECONDS).ifPresent { keep(it.topic.toString(), it.payloadAsBytes) }
        }
        return received.filter { it.first == topic }.map { it.second }
    }

    /** Keeps JSON objects; this device also receives its own requests (it subscribes to `jobs/#`), some malformed. */
    private fun keep(topic: String, payload: ByteArray) {
        val json =
            runCatching { Json.parseToJsonElement(payload.decodeToString()) }.getOrNull() as? JsonObject ?: return
        received += topic to json
    }

    fun publish(topic: String, payload: String) {
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload.encodeToByteArray()).send()
    }

    /** Publishes [payload] to `$aws/things/<thing>/jobs/<suffix>` and returns the first answer's outcome and body. */
    fun request(suffix: String, payload: String): Pair<String, JsonObject> {
        val topic = "\$aws/things/$thing/jobs/$suffix"
        val before = received.size
        publish(topic, payload)
        val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10)
        while (true) {
            val answer = received.drop(before).firstOrNull {
                it.first == "$topic/accepted" ||
                    it.first == "$topic/rejected"
            }
            if (answer != null) return answer.first.substringAfterLast('/') to answer.second
            val left = deadline - System.nanoTime()
            check(left > 0) { "no answer on $topic/accepted|rejected; got ${received.drop(before).map { it.first }}" }
            publishes.receive(left, TimeUnit.NANOSECONDS).ifPresent { keep(it.topic.toString(), it.payloadAsBytes) }
        }
    }

    override fun close() {
        publishes.close()
        client.disconnect()
    }
}

/** The spec fixtures in `shared/` beside the repository root. */
fun fixture(name: String): JsonObject {
    val dir = Paths.get("../../shared/spec/fixtures").toAbsolutePath().normalize()
    check(Files.isDirectory(dir)) { "spec fixtures not found at $dir" }
    return Json.parseToJsonElement(Files.readString(dir.resolve(name))) as JsonObject
}

private val TIME_FIELDS = setOf("timestamp", "queuedAt", "lastUpdatedAt", "startedAt")

/** [json] with every time value replaced by 0 (keeping which fields are present), for comparing with fixtures. */
fun withoutTimes(json: JsonElement): JsonElement = when (json) {
    is JsonObject -> JsonObject(
        json.mapValues { (k, v) ->
            if (k in
                TIME_FIELDS
            ) {
                JsonPrimitive(0)
            } else {
                withoutTimes(v)
            }
        },
    )
    is JsonArray -> JsonArray(json.map { withoutTimes(it) })
    else -> json
}
