package dev.iotsdk.shadow.internal

import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject

/** Shadow merge rules on the client side: `null` removes a key, objects merge recursively, the rest replaces. */
internal object StateMerge {
    fun merge(base: JsonObject, patch: JsonObject): JsonObject {
        val out = LinkedHashMap(base)
        for ((key, value) in patch) {
            val existing = out[key]
            when {
                value is JsonNull -> out.remove(key)
                value is JsonObject && existing is JsonObject -> out[key] = merge(existing, value)
                else -> out[key] = value
            }
        }
        return JsonObject(out)
    }
}
