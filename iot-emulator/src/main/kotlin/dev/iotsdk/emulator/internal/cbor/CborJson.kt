package dev.iotsdk.emulator.internal.cbor

import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.booleanOrNull
import kotlinx.serialization.json.doubleOrNull
import kotlinx.serialization.json.longOrNull
import java.util.Base64

/**
 * Converts between [Cbor] values and JSON trees, for services whose CBOR topics carry the same documents as their
 * JSON ones (fleet provisioning). Map keys must be text; byte strings become base64 text.
 */
internal object CborJson {
    fun toJson(value: Any?): JsonElement = when (value) {
        null -> JsonNull
        is Boolean -> JsonPrimitive(value)
        is Long -> JsonPrimitive(value)
        is Double -> JsonPrimitive(value)
        is String -> JsonPrimitive(value)
        is ByteArray -> JsonPrimitive(Base64.getEncoder().encodeToString(value))
        is List<*> -> JsonArray(value.map { toJson(it) })
        is Map<*, *> -> JsonObject(
            value.entries.associate { (k, v) ->
                (k as? String ?: throw CborException("a CBOR map key is not text")) to toJson(v)
            },
        )
        else -> throw CborException("unsupported CBOR value")
    }

    fun fromJson(element: JsonElement): Any? = when (element) {
        is JsonNull -> null
        is JsonObject -> element.mapValues { fromJson(it.value) }
        is JsonArray -> element.map { fromJson(it) }
        is JsonPrimitive -> when {
            element.isString -> element.content
            element.booleanOrNull != null -> element.booleanOrNull
            element.longOrNull != null -> element.longOrNull
            else -> element.doubleOrNull
        }
    }
}
