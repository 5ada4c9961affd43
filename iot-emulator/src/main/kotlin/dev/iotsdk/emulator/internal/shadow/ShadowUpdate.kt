package dev.iotsdk.emulator.internal.shadow

import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.longOrNull

/**
 * A shadow update (spec shadow.md §3–§5): checks the request (state node, desired/reported objects, version, depth,
 * nulls in arrays, 8 KB of state), merges it into the record (`null` deletes keys, per-leaf metadata timestamps, the
 * version counts on from a deleted shadow's last one) and sends `update/accepted`, `update/delta` when desired and
 * reported differ, and `update/documents`. A refused update throws [ShadowRejection] and changes nothing.
 */
internal class ShadowUpdate(
    private val topic: ShadowTopic,
    private val token: String?,
    private val now: Long,
    private val send: (String, JsonObject) -> Unit,
) {
    /** The checked parts of an update request. */
    private class Request(
        val state: JsonElement,
        val desired: JsonElement?,
        val reported: JsonElement?,
        val version: Long?,
    ) {
        val stateObject: JsonObject? get() = state as? JsonObject
    }

    /** Applies update [body] to the shadow [key] of [shadows]. */
    fun apply(shadows: MutableMap<Pair<String, String?>, ShadowRecord>, key: Pair<String, String?>, body: JsonObject) {
        val request = check(body)
        val record = shadows[key]
        val current = record?.takeIf { it.exists }
        // the request carries the current version (spec §3.2); a deleted shadow keeps counting from its last one
        if (request.version != null && request.version != (record?.version ?: 0L)) {
            throw ShadowRejection(409, "Version conflict")
        }
        val newDesired = merged(request.state, request.desired, current?.desired)
        val newReported = merged(request.state, request.reported, current?.reported)
        val size =
            (newDesired?.toString()?.toByteArray()?.size ?: 0) + (newReported?.toString()?.toByteArray()?.size ?: 0)
        if (size >
            ShadowService.MAX_STATE_BYTES
        ) {
            throw ShadowRejection(413, "The payload exceeds the maximum size allowed")
        }

        val previous = current?.snapshot()
        val target = record ?: ShadowRecord().also { shadows[key] = it }
        target.desiredMeta = metadata(newDesired, request.desired, current?.desiredMeta)
        target.reportedMeta = metadata(newReported, request.reported, current?.reportedMeta)
        target.desired = newDesired
        target.reported = newReported
        target.version += 1
        target.exists = true
        announce(request, target, previous)
    }

    /** The request's parts, checked in the order the errors are reported (spec §4). */
    private fun check(body: JsonObject): Request {
        val state = body["state"] ?: throw ShadowRejection(400, "Missing required node: state")
        if (state !is JsonObject && state !is JsonNull) throw ShadowRejection(400, "State node must be an object")
        (state as? JsonObject)?.keys?.firstOrNull { it != "desired" && it != "reported" }?.let {
            throw ShadowRejection(400, "State contains an invalid node: '$it'")
        }
        val desired = section(state, "desired", "Desired")
        val reported = section(state, "reported", "Reported")
        val version = version(body)
        listOfNotNull(desired as? JsonObject, reported as? JsonObject).forEach(::checkContent)
        return Request(state, desired, reported, version)
    }

    /** The state's [name] section: absent, `null` or an object. */
    private fun section(state: JsonElement, name: String, label: String): JsonElement? {
        val section = (state as? JsonObject)?.get(name)
        if (section != null && section !is JsonObject && section !is JsonNull) {
            throw ShadowRejection(400, "$label node must be an object")
        }
        return section
    }

    private fun version(body: JsonObject): Long? = body["version"]?.let { v ->
        (v as? JsonPrimitive)?.takeIf { !it.isString && it !is JsonNull }?.longOrNull
            ?: throw ShadowRejection(400, "Invalid version")
    }

    private fun checkContent(section: JsonObject) {
        if (ShadowJson.depth(section) > ShadowService.MAX_DEPTH) {
            throw ShadowRejection(400, "JSON contains too many levels of nesting; maximum is 6")
        }
        // the exact message for arrays with nulls is not documented (spec §4); this one names the rule
        if (ShadowJson.hasNullInArray(
                section,
            )
        ) {
            throw ShadowRejection(400, "Invalid JSON: arrays can't have null values")
        }
    }

    /** A section after the update: removed by a `null` state or section, merged with an object, else unchanged. */
    private fun merged(state: JsonElement, section: JsonElement?, current: JsonObject?): JsonObject? = when {
        state is JsonNull || section is JsonNull -> null
        section is JsonObject -> ShadowJson.merge(current, section)
        else -> current
    }

    private fun metadata(updated: JsonObject?, section: JsonElement?, current: JsonObject?): JsonObject? = when {
        updated == null -> null
        section is JsonObject -> ShadowJson.mergeMetadata(current, section, now)
        else -> current
    }

    private fun announce(request: Request, target: ShadowRecord, previous: JsonObject?) {
        send(
            topic.response("accepted"),
            buildJsonObject {
                put("state", request.state)
                request.stateObject?.let { state ->
                    put("metadata", JsonObject(state.mapValues { (_, v) -> ShadowJson.stamp(v, now) }))
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
                put("current", target.snapshot())
                put("timestamp", JsonPrimitive(now))
                token?.let { put("clientToken", JsonPrimitive(it)) }
            },
        )
    }
}
