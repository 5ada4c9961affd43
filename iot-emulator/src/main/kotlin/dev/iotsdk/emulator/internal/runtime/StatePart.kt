package dev.iotsdk.emulator.internal.runtime

import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonObjectBuilder
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.long

/**
 * One service's share of the state a restart keeps: a section of `state.json` named [key]. A service plugs in by
 * implementing this (in its own package, beside the service) and adding its part to
 * [EmulatorRuntime]'s list; [PersistentState] writes every part's [save] into `"parts": {key: …}` and hands each
 * part its section back through [restore] when the emulator starts on the same directory.
 *
 * ```kotlin
 * internal class CountersPart(private val counters: Counters) : StatePart {
 *     override val key = "counters"
 *     override fun save() = JsonObject(counters.snapshot().mapValues { JsonPrimitive(it.value) })
 *     override fun restore(saved: JsonElement) =
 *         saved.jsonObject.forEach { (k, v) -> counters[k] = v.jsonPrimitive.long }
 * }
 * ```
 */
internal interface StatePart {
    /** The section's name in `state.json`; unique among the parts, never changed once released. */
    val key: String

    /**
     * The part's state now. Called on the emulator's scheduler thread every few seconds and at close, concurrently
     * with requests: take the snapshot under the service's own lock.
     */
    fun save(): JsonElement

    /**
     * Puts [saved] (what [save] returned in an earlier run) back, once, before the listeners open. Throw any
     * exception on a malformed section: [PersistentState] turns it into a typed
     * [dev.iotsdk.emulator.EmulatorStateException] naming the section.
     */
    fun restore(saved: JsonElement)
}

/** The string member [name] (required). */
internal fun JsonObject.string(name: String): String = (getValue(name) as JsonPrimitive).also {
    require(it.isString) { "$name must be a string" }
}.content

/** The string member [name], or `null` when absent or JSON null. */
internal fun JsonObject.stringOrNull(name: String): String? =
    this[name]?.takeIf { it != JsonNull }?.let { string(name) }

/** The integer member [name] (required). */
internal fun JsonObject.long(name: String): Long = (getValue(name) as JsonPrimitive).long

/** The integer member [name], or `null` when absent or JSON null. */
internal fun JsonObject.longOrNull(name: String): Long? = this[name]?.takeIf { it != JsonNull }?.let { long(name) }

/** The object member [name] as a string map (absent: empty). */
internal fun JsonObject.stringMap(name: String): Map<String, String> =
    (this[name] as? JsonObject).orEmpty().mapValues { (_, v) -> (v as JsonPrimitive).content }

/** The array member [name] as strings (absent: empty). */
internal fun JsonObject.strings(name: String): List<String> =
    (this[name] as? JsonArray).orEmpty().map { (it as JsonPrimitive).content }

/** [this] as a JSON object of strings. */
internal fun Map<String, String>.toJson(): JsonObject = JsonObject(mapValues { JsonPrimitive(it.value) })

/** [this] as a JSON array of strings. */
internal fun Iterable<String>.toJson(): JsonArray = JsonArray(map { JsonPrimitive(it) })

/** [items] as a JSON array of objects, each made by [build]. */
internal fun <T> jsonObjects(items: Iterable<T>, build: JsonObjectBuilder.(T) -> Unit): JsonArray =
    JsonArray(items.map { buildJsonObject { build(it) } })

/** The objects of this JSON array. */
internal fun JsonElement.objects(): List<JsonObject> = jsonArray.map { it.jsonObject }
