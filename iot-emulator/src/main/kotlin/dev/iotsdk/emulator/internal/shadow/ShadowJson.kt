package dev.iotsdk.emulator.internal.shadow

import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.doubleOrNull

/** The shadow service's JSON algebra (merge, delta, metadata, depth), on kotlinx.serialization's JsonElement API. */
internal object ShadowJson {
    /**
     * Merges [patch] into [base]: `null` (and, as AWS's Greengrass shadow manager does, `{}`) removes a key, objects
     * merge recursively, everything else (arrays included) replaces. Returns `null` when nothing is left.
     */
    fun merge(base: JsonObject?, patch: JsonObject): JsonObject? {
        val out = LinkedHashMap(base ?: emptyMap())
        for ((key, value) in patch) {
            val existing = out[key]
            when {
                isRemoval(value) -> out.remove(key)
                value is JsonObject && existing is JsonObject -> {
                    val merged = merge(existing, value)
                    if (merged == null) out.remove(key) else out[key] = merged
                }
                value is JsonObject -> merge(null, value)?.let { out[key] = it } ?: out.remove(key)
                else -> out[key] = value
            }
        }
        return if (out.isEmpty()) null else JsonObject(out)
    }

    private fun isRemoval(value: JsonElement): Boolean = value is JsonNull || (value is JsonObject && value.isEmpty())

    /** The desired fields that differ from [reported], down to the differing leaves (arrays whole), or `null`. */
    fun delta(desired: JsonObject?, reported: JsonObject?): JsonObject? {
        if (desired == null) return null
        val out = LinkedHashMap<String, JsonElement>()
        for ((key, want) in desired) {
            val have = reported?.get(key)
            when {
                want is JsonObject && have is JsonObject -> delta(want, have)?.let { out[key] = it }
                !same(want, have) -> out[key] = want
            }
        }
        return if (out.isEmpty()) null else JsonObject(out)
    }

    /** JSON equality with numbers compared by value (`1` == `1.0`). */
    fun same(a: JsonElement?, b: JsonElement?): Boolean = when {
        a == null || b == null -> a == b
        a is JsonPrimitive && b is JsonPrimitive && !a.isString && !b.isString && a !is JsonNull && b !is JsonNull -> {
            val x = a.doubleOrNull
            val y = b.doubleOrNull
            if (x != null && y != null) x == y else a == b
        }
        a is JsonObject && b is JsonObject -> a.keys == b.keys && a.keys.all { same(a[it], b[it]) }
        a is JsonArray && b is JsonArray -> a.size == b.size && a.indices.all { same(a[it], b[it]) }
        else -> a == b
    }

    /** Metadata for every leaf of [value] stamped [timestamp]: objects mirror, arrays map per element. */
    fun stamp(value: JsonElement, timestamp: Long): JsonElement = when (value) {
        is JsonObject -> JsonObject(value.mapValues { stamp(it.value, timestamp) })
        is JsonArray -> JsonArray(value.map { stamp(it, timestamp) })
        else -> buildJsonObject { put("timestamp", JsonPrimitive(timestamp)) }
    }

    /** The metadata tree restricted to the paths of [shape] (used for the delta's metadata). */
    fun restrict(metadata: JsonObject?, shape: JsonObject): JsonObject {
        val out = LinkedHashMap<String, JsonElement>()
        for ((key, value) in shape) {
            val meta = metadata?.get(key) ?: continue
            out[key] = if (value is JsonObject && meta is JsonObject) restrict(meta, value) else meta
        }
        return JsonObject(out)
    }

    /**
     * Applies [patch] to the metadata tree [base], mirroring [merge]: removed keys lose their metadata, written leaves
     * get [timestamp], nested objects merge.
     */
    fun mergeMetadata(base: JsonObject?, patch: JsonObject, timestamp: Long): JsonObject? {
        val out = LinkedHashMap(base ?: emptyMap())
        for ((key, value) in patch) {
            val existing = out[key]
            when {
                isRemoval(value) -> out.remove(key)
                value is JsonObject -> {
                    val merged = mergeMetadata(existing as? JsonObject, value, timestamp)
                    if (merged == null) out.remove(key) else out[key] = merged
                }
                else -> out[key] = stamp(value, timestamp)
            }
        }
        return if (out.isEmpty()) null else JsonObject(out)
    }

    /** Nesting depth, counting objects and arrays only (`{"a":1}` is 1). */
    fun depth(value: JsonElement): Int = when (value) {
        is JsonObject -> 1 + (value.values.maxOfOrNull { depth(it) } ?: 0)
        is JsonArray -> 1 + (value.maxOfOrNull { depth(it) } ?: 0)
        else -> 0
    }

    /** Whether any array under [value] contains a `null` ("Arrays can't have null values"). */
    fun hasNullInArray(value: JsonElement): Boolean = when (value) {
        is JsonObject -> value.values.any { hasNullInArray(it) }
        is JsonArray -> value.any { it is JsonNull || hasNullInArray(it) }
        else -> false
    }
}
