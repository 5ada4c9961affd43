package dev.iotsdk.emulator.internal.controlplane

import dev.iotsdk.emulator.internal.http.HttpCall
import dev.iotsdk.emulator.internal.parseQuery
import dev.iotsdk.emulator.internal.percentDecode
import kotlinx.serialization.SerializationException
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.booleanOrNull

/** One REST-JSON request: decoded path segments, query parameters and the JSON body, with typed member access. */
internal class ApiRequest(val call: HttpCall) {
    val method: String get() = call.method
    val segments: List<String> = call.rawPath.split('/').filter { it.isNotEmpty() }.map { percentDecode(it) }
    private val query: Map<String, String> = parseQuery(call.rawQuery).toMap()

    val body: JsonObject by lazy {
        val text = call.body.decodeToString()
        if (text.isBlank()) return@lazy JsonObject(emptyMap())
        val element = try {
            Json.parseToJsonElement(text)
        } catch (e: SerializationException) {
            throw ApiError.invalid("The request body is not valid JSON")
        }
        element as? JsonObject ?: throw ApiError.invalid("The request body must be a JSON object")
    }

    fun query(name: String): String? = query[name]

    fun queryBoolean(name: String): Boolean? = query[name]?.let {
        it.toBooleanStrictOrNull() ?: throw ApiError.invalid("$name must be true or false")
    }

    fun queryLong(name: String): Long? = query[name]?.let {
        it.toLongOrNull()
            ?: throw ApiError.invalid("$name must be a number")
    }

    /** `maxResults` between 1 and [max], [default] when absent. */
    fun maxResults(default: Int, max: Int): Int {
        val value = queryLong("maxResults") ?: return default
        if (value !in 1..max) throw ApiError.invalid("maxResults must be between 1 and $max")
        return value.toInt()
    }

    fun string(name: String, from: JsonObject = body): String? = when (val e = from[name]) {
        null, JsonNull -> null
        is JsonPrimitive -> if (e.isString) e.content else throw ApiError.invalid("$name must be a string")
        else -> throw ApiError.invalid("$name must be a string")
    }

    fun requireString(name: String, from: JsonObject = body): String =
        string(name, from) ?: throw ApiError.invalid("$name is required")

    fun long(name: String, from: JsonObject = body): Long? = when (val e = from[name]) {
        null, JsonNull -> null
        is JsonPrimitive -> if (e.isString) {
            throw ApiError.invalid("$name must be a number")
        } else {
            e.content.toLongOrNull()
                ?: throw ApiError.invalid("$name must be a whole number")
        }
        else -> throw ApiError.invalid("$name must be a number")
    }

    fun boolean(name: String, from: JsonObject = body): Boolean? = when (val e = from[name]) {
        null, JsonNull -> null
        is JsonPrimitive -> if (e.isString) {
            throw ApiError.invalid("$name must be true or false")
        } else {
            e.booleanOrNull
                ?: throw ApiError.invalid("$name must be true or false")
        }
        else -> throw ApiError.invalid("$name must be true or false")
    }

    fun obj(name: String, from: JsonObject = body): JsonObject? = when (val e = from[name]) {
        null, JsonNull -> null
        is JsonObject -> e
        else -> throw ApiError.invalid("$name must be an object")
    }

    fun strings(name: String, from: JsonObject = body): List<String>? = when (val e: JsonElement? = from[name]) {
        null, JsonNull -> null
        is JsonArray -> e.map {
            (it as? JsonPrimitive)?.takeIf { p -> p.isString }?.content
                ?: throw ApiError.invalid("$name must hold strings")
        }
        else -> throw ApiError.invalid("$name must be a list")
    }

    /** A map of string values (attributes, statusDetails). */
    fun stringMap(name: String, from: JsonObject = body): Map<String, String>? = obj(name, from)?.mapValues { (k, v) ->
        (v as? JsonPrimitive)?.takeIf { it.isString }?.content ?: throw ApiError.invalid("$name.$k must be a string")
    }
}
