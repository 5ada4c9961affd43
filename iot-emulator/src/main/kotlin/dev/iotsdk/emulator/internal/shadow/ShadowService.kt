package dev.iotsdk.emulator.internal.shadow

import dev.iotsdk.emulator.internal.ReservedTopicService
import dev.iotsdk.emulator.internal.ServiceContext
import dev.iotsdk.emulator.internal.ServiceRequest
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject

/**
 * The Device Shadow service (spec `shadow.md`): get/update/delete of classic and named shadows over MQTT, with
 * accepted/rejected answers, `update/delta` and `update/documents`, versions, per-leaf metadata timestamps, clientToken
 * echo, `null` deleting keys, 409 version conflicts and the documented 400/404/413 errors ([ShadowUpdate],
 * [ShadowRecord], [ShadowPayloads]), throttled as AWS throttles ([ShadowThrottle]). Requests arrive on the
 * services' threads and are handled under one lock; [adminUpdate] and [document] (the emulator's cloud-side calls)
 * take the same lock.
 */
internal class ShadowService(
    private val clock: () -> Long = { System.currentTimeMillis() / 1000 },
    /** More in-flight requests than this on one connection are refused with 429 (0: no limit). */
    private val inFlightLimit: Int = 0,
    /** More requests than this per second and thing are refused with 429 (0: no limit). */
    private val requestsPerSecond: Int = 0,
    private val nanoTime: () -> Long = System::nanoTime,
) : ReservedTopicService {
    internal val lock = Any()
    private val throttle = ShadowThrottle(inFlightLimit, requestsPerSecond, nanoTime)

    /** Every shadow by thing and shadow name (`null`: classic), under [lock]; [ShadowStatePart] saves them. */
    internal val shadows = HashMap<Pair<String, String?>, ShadowRecord>()

    override fun handles(topic: String): Boolean = ShadowTopic.parse(topic) != null

    override fun onRequest(request: ServiceRequest, context: ServiceContext) {
        val topic = ShadowTopic.parse(request.topic) ?: return
        synchronized(lock) {
            val throttled = throttle.throttles(topic.thingName, request.inFlightOnConnection)
            if (throttled) {
                val token = runCatching {
                    ShadowPayloads.clientToken(ShadowPayloads.parse(request.payload))
                }.getOrNull()
                val rejection = buildJsonObject {
                    put("code", JsonPrimitive(TOO_MANY_REQUESTS))
                    put("message", JsonPrimitive("Too Many Requests"))
                    token?.let { put("clientToken", JsonPrimitive(it)) }
                }
                context.publish(topic.response("rejected"), rejection.toString().toByteArray(Charsets.UTF_8))
            } else {
                handle(topic, request.payload, context::publish)
            }
        }
    }

    /** The document as GET returns it (without clientToken), or `null` when the shadow does not exist. */
    fun document(thingName: String, shadowName: String?): String? = synchronized(lock) {
        val record = shadows[thingName to shadowName]?.takeIf { it.exists } ?: return null
        record.fullDocument(clock(), null).toString()
    }

    /**
     * A cloud-side update (like the data plane's UpdateThingShadow): same rules as an MQTT update, and the same
     * accepted/delta/documents messages. Returns the accepted response; @throws IllegalArgumentException with the
     * service's code and message when rejected.
     */
    fun adminUpdate(
        thingName: String,
        shadowName: String?,
        payload: String,
        publish: (String, ByteArray) -> Unit,
    ): String = synchronized(lock) {
        var accepted: String? = null
        var rejected: String? = null
        val topic = ShadowTopic(thingName, shadowName, "update")
        handle(topic, payload.toByteArray(Charsets.UTF_8)) { t, bytes, _ ->
            when (t) {
                // like REST: errors go to the caller only, never to MQTT (spec §4)
                topic.response("rejected") -> rejected = bytes.decodeToString()
                else -> {
                    if (t == topic.response("accepted")) accepted = bytes.decodeToString()
                    publish(t, bytes)
                }
            }
        }
        accepted
            ?: throw IllegalArgumentException("shadow update rejected: $rejected")
    }

    /** The answer to a REST shadow call: an HTTP [status] (200 or the error document's code) and the JSON [body]. */
    class RestAnswer(val status: Int, val body: String)

    /**
     * A data-plane (REST) call: [operation] `get`, `update` or `delete` of a classic or named shadow, by the same
     * rules as over MQTT. Errors go to the caller only; a successful update or delete publishes its MQTT messages
     * (accepted, delta, documents) through [publish], a get publishes nothing (spec §4, dataplane.md §2.1).
     */
    fun restRequest(
        thingName: String,
        shadowName: String?,
        operation: String,
        payload: ByteArray,
        publish: (String, ByteArray) -> Unit,
    ): RestAnswer = synchronized(lock) {
        var answer: RestAnswer? = null
        val topic = ShadowTopic(thingName, shadowName, operation)
        handle(topic, payload) { t, bytes, _ ->
            when (t) {
                topic.response("accepted") -> {
                    answer = RestAnswer(200, bytes.decodeToString())
                    if (operation != "get") publish(t, bytes)
                }
                topic.response("rejected") -> {
                    val code = (Json.parseToJsonElement(bytes.decodeToString()) as JsonObject)["code"]
                    answer = RestAnswer((code as? JsonPrimitive)?.content?.toIntOrNull() ?: 500, bytes.decodeToString())
                }
                else -> publish(t, bytes)
            }
        }
        answer ?: RestAnswer(500, """{"code":500,"message":"Internal service failure"}""")
    }

    /** The names of the existing named shadows of [thingName], sorted (the classic shadow is not listed). */
    fun namedShadows(thingName: String): List<String> = synchronized(lock) {
        shadows.entries.filter {
            it.key.first == thingName && it.key.second != null && it.value.exists
        }.map { it.key.second!! }.sorted()
    }

    private fun handle(topic: ShadowTopic, payload: ByteArray, publish: (String, ByteArray, Int) -> Unit) {
        val now = clock()
        val send = { t: String, json: JsonObject -> publish(t, json.toString().toByteArray(Charsets.UTF_8), 1) }
        var token: String? = null
        try {
            // get and delete ignore their content apart from a clientToken (spec §1.2)
            val body = if (topic.operation == "update") {
                ShadowPayloads.parse(payload)
            } else {
                runCatching { ShadowPayloads.parse(payload) }.getOrNull()
            }
            token = ShadowPayloads.clientToken(body)
            val key = topic.thingName to topic.shadowName
            when (topic.operation) {
                "get" -> {
                    val record = shadows[key]?.takeIf { it.exists } ?: throw notFound(topic)
                    send(topic.response("accepted"), record.fullDocument(now, token))
                }
                "delete" -> {
                    val record = shadows[key]?.takeIf { it.exists } ?: throw notFound(topic)
                    record.clear()
                    send(
                        topic.response("accepted"),
                        buildJsonObject {
                            put("version", JsonPrimitive(record.version))
                            put("timestamp", JsonPrimitive(now))
                            token?.let { put("clientToken", JsonPrimitive(it)) }
                        },
                    )
                }
                else -> ShadowUpdate(topic, token, now, send).apply(
                    shadows,
                    key,
                    body ?: throw ShadowRejection(400, "Invalid JSON"),
                )
            }
        } catch (e: ShadowRejection) {
            send(
                topic.response("rejected"),
                buildJsonObject {
                    put("code", JsonPrimitive(e.code))
                    put("message", JsonPrimitive(e.message))
                    // no timestamp: neither documented error example (fixtures shadow-error-*.json) carries one
                    token?.let { put("clientToken", JsonPrimitive(it)) }
                },
            )
        }
    }

    private fun notFound(topic: ShadowTopic) =
        ShadowRejection(404, "No shadow exists with name: '${topic.shadowName ?: topic.thingName}'")

    companion object {
        /** 8 KB of desired + reported (metadata excluded), spec §5. */
        const val MAX_STATE_BYTES: Int = 8 * 1024
        const val MAX_DEPTH: Int = 6
        const val MAX_TOKEN_BYTES: Int = 64
        const val TOO_MANY_REQUESTS: Int = 429
    }
}
