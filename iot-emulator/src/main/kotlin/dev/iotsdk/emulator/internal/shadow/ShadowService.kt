package dev.iotsdk.emulator.internal.shadow

import dev.iotsdk.emulator.internal.ReservedTopicService
import dev.iotsdk.emulator.internal.ServiceContext
import dev.iotsdk.emulator.internal.ServiceRequest
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.longOrNull

/**
 * The Device Shadow service (spec `shadow.md`): get/update/delete of classic and named shadows over MQTT, with
 * accepted/rejected answers, `update/delta` and `update/documents`, versions, per-leaf metadata timestamps, clientToken
 * echo, `null` deleting keys, 409 version conflicts and the documented 400/404/413 errors. Requests arrive on the
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
    private class Record(
        var desired: JsonObject? = null,
        var reported: JsonObject? = null,
        var desiredMeta: JsonObject? = null,
        var reportedMeta: JsonObject? = null,
        var version: Long = 0,
        var exists: Boolean = false,
    )

    private class Rejection(val code: Int, override val message: String) : Exception(message)

    private val lock = Any()
    private val shadows = HashMap<Pair<String, String?>, Record>()

    override fun handles(topic: String): Boolean = ShadowTopic.parse(topic) != null

    override fun onRequest(request: ServiceRequest, context: ServiceContext) {
        val topic = ShadowTopic.parse(request.topic) ?: return
        synchronized(lock) {
            val throttled =
                (inFlightLimit > 0 && request.inFlightOnConnection > inFlightLimit) || !withinRate(topic.thingName)
            if (throttled) {
                val token = runCatching { clientToken(parse(request.payload)) }.getOrNull()
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

    /** A token bucket per thing: [requestsPerSecond] tokens, refilled continuously. */
    private class Bucket(var tokens: Double, var at: Long)

    private val buckets = HashMap<String, Bucket>()

    private fun withinRate(thingName: String): Boolean {
        if (requestsPerSecond <= 0) return true
        val now = nanoTime()
        val bucket = buckets.getOrPut(thingName) { Bucket(requestsPerSecond.toDouble(), now) }
        bucket.tokens = minOf(requestsPerSecond.toDouble(), bucket.tokens + (now - bucket.at) / 1e9 * requestsPerSecond)
        bucket.at = now
        if (bucket.tokens < 1.0) return false
        bucket.tokens -= 1.0
        return true
    }

    /** The document as GET returns it (without clientToken), or `null` when the shadow does not exist. */
    fun document(thingName: String, shadowName: String?): String? = synchronized(lock) {
        val record = shadows[thingName to shadowName]?.takeIf { it.exists } ?: return null
        fullDocument(record, clock(), null).toString()
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
            val body = if (topic.operation == "update") parse(payload) else runCatching { parse(payload) }.getOrNull()
            token = clientToken(body)
            val key = topic.thingName to topic.shadowName
            when (topic.operation) {
                "get" -> {
                    val record = shadows[key]?.takeIf { it.exists } ?: throw notFound(topic)
                    send(topic.response("accepted"), fullDocument(record, now, token))
                }
                "delete" -> {
                    val record = shadows[key]?.takeIf { it.exists } ?: throw notFound(topic)
                    record.exists = false
                    record.desired = null
                    record.reported = null
                    record.desiredMeta = null
                    record.reportedMeta = null
                    send(
                        topic.response("accepted"),
                        buildJsonObject {
                            put("version", JsonPrimitive(record.version))
                            put("timestamp", JsonPrimitive(now))
                            token?.let { put("clientToken", JsonPrimitive(it)) }
                        },
                    )
                }
                else -> update(topic, key, body ?: throw Rejection(400, "Invalid JSON"), token, now, send)
            }
        } catch (e: Rejection) {
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

    private fun update(
        topic: ShadowTopic,
        key: Pair<String, String?>,
        body: JsonObject,
        token: String?,
        now: Long,
        send: (String, JsonObject) -> Unit,
    ) {
        if (!body.containsKey("state")) throw Rejection(400, "Missing required node: state")
        val state = body["state"]
        if (state !is JsonObject && state !is JsonNull) throw Rejection(400, "State node must be an object")
        val stateObj = state as? JsonObject
        stateObj?.keys?.firstOrNull { it != "desired" && it != "reported" }?.let {
            throw Rejection(400, "State contains an invalid node: '$it'")
        }
        val desired = stateObj?.get("desired")
        val reported = stateObj?.get("reported")
        if (desired != null &&
            desired !is JsonObject &&
            desired !is JsonNull
        ) {
            throw Rejection(400, "Desired node must be an object")
        }
        if (reported != null &&
            reported !is JsonObject &&
            reported !is JsonNull
        ) {
            throw Rejection(400, "Reported node must be an object")
        }
        val version = body["version"]?.let { v ->
            (v as? JsonPrimitive)?.takeIf { !it.isString && it !is JsonNull }?.longOrNull
                ?: throw Rejection(400, "Invalid version")
        }
        for (section in listOfNotNull(desired as? JsonObject, reported as? JsonObject)) {
            if (ShadowJson.depth(section) >
                MAX_DEPTH
            ) {
                throw Rejection(400, "JSON contains too many levels of nesting; maximum is 6")
            }
            // the exact message for arrays with nulls is not documented (spec §4); this one names the rule
            if (ShadowJson.hasNullInArray(section)) throw Rejection(400, "Invalid JSON: arrays can't have null values")
        }
        val record = shadows[key]
        val current = record?.takeIf { it.exists }
        // the request carries the current version (spec §3.2); a deleted shadow keeps counting from its last one
        if (version != null && version != (record?.version ?: 0L)) throw Rejection(409, "Version conflict")
        val newDesired = when {
            state is JsonNull || desired is JsonNull -> null
            desired is JsonObject -> ShadowJson.merge(current?.desired, desired)
            else -> current?.desired
        }
        val newReported = when {
            state is JsonNull || reported is JsonNull -> null
            reported is JsonObject -> ShadowJson.merge(current?.reported, reported)
            else -> current?.reported
        }
        val size =
            (newDesired?.toString()?.toByteArray()?.size ?: 0) + (newReported?.toString()?.toByteArray()?.size ?: 0)
        if (size > MAX_STATE_BYTES) throw Rejection(413, "The payload exceeds the maximum size allowed")

        val previous = current?.let { snapshot(it) }
        val target = record ?: Record().also { shadows[key] = it }
        target.desiredMeta = when {
            newDesired == null -> null
            desired is JsonObject -> ShadowJson.mergeMetadata(current?.desiredMeta, desired, now)
            else -> current?.desiredMeta
        }
        target.reportedMeta = when {
            newReported == null -> null
            reported is JsonObject -> ShadowJson.mergeMetadata(current?.reportedMeta, reported, now)
            else -> current?.reportedMeta
        }
        target.desired = newDesired
        target.reported = newReported
        target.version += 1
        target.exists = true

        send(
            topic.response("accepted"),
            buildJsonObject {
                put("state", state)
                if (stateObj != null) {
                    put("metadata", JsonObject(stateObj.mapValues { (_, v) -> ShadowJson.stamp(v, now) }))
                }
                put("version", JsonPrimitive(target.version))
                put("timestamp", JsonPrimitive(now))
                token?.let { put("clientToken", JsonPrimitive(it)) }
            },
        )
        ShadowJson.delta(target.desired, target.reported)?.let { delta ->
            send(
                "${topic.prefix}/update/delta",
                buildJsonObject {
                    put("version", JsonPrimitive(target.version))
                    put("timestamp", JsonPrimitive(now))
                    put("state", delta)
                    put("metadata", ShadowJson.restrict(target.desiredMeta, delta))
                    token?.let { put("clientToken", JsonPrimitive(it)) }
                },
            )
        }
        send(
            "${topic.prefix}/update/documents",
            buildJsonObject {
                previous?.let { put("previous", it) }
                put("current", snapshot(target))
                put("timestamp", JsonPrimitive(now))
                token?.let { put("clientToken", JsonPrimitive(it)) }
            },
        )
    }

    private fun snapshot(record: Record): JsonObject = buildJsonObject {
        put("state", sections(record.desired, record.reported))
        put("metadata", sections(record.desiredMeta, record.reportedMeta))
        put("version", JsonPrimitive(record.version))
    }

    private fun fullDocument(record: Record, now: Long, token: String?): JsonObject = buildJsonObject {
        put(
            "state",
            buildJsonObject {
                record.desired?.let { put("desired", it) }
                record.reported?.let { put("reported", it) }
                ShadowJson.delta(record.desired, record.reported)?.let { put("delta", it) }
            },
        )
        put("metadata", sections(record.desiredMeta, record.reportedMeta))
        put("version", JsonPrimitive(record.version))
        put("timestamp", JsonPrimitive(now))
        token?.let { put("clientToken", JsonPrimitive(it)) }
    }

    private fun sections(desired: JsonObject?, reported: JsonObject?): JsonObject = buildJsonObject {
        desired?.let { put("desired", it) }
        reported?.let { put("reported", it) }
    }

    private fun notFound(topic: ShadowTopic) =
        Rejection(404, "No shadow exists with name: '${topic.shadowName ?: topic.thingName}'")

    private fun parse(payload: ByteArray): JsonObject {
        val element: JsonElement = try {
            Json.parseToJsonElement(payload.decodeToString(throwOnInvalidSequence = true))
        } catch (e: CharacterCodingException) {
            throw Rejection(415, "Unsupported documented encoding; supported encoding is UTF-8")
        } catch (e: IllegalArgumentException) {
            throw Rejection(400, "Invalid JSON")
        }
        return element as? JsonObject ?: throw Rejection(400, "Invalid JSON")
    }

    private fun clientToken(body: JsonObject?): String? {
        val raw = body?.get("clientToken") ?: return null
        val token =
            (raw as? JsonPrimitive)?.takeIf { it.isString }?.content ?: throw Rejection(400, "Invalid clientToken")
        if (token.toByteArray(Charsets.UTF_8).size > MAX_TOKEN_BYTES) throw Rejection(400, "Invalid clientToken")
        return token
    }

    companion object {
        /** 8 KB of desired + reported (metadata excluded), spec §5. */
        const val MAX_STATE_BYTES: Int = 8 * 1024
        const val MAX_DEPTH: Int = 6
        const val MAX_TOKEN_BYTES: Int = 64
        const val TOO_MANY_REQUESTS: Int = 429
    }
}
