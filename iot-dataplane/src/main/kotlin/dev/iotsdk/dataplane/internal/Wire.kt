package dev.iotsdk.dataplane.internal

import dev.iotsdk.dataplane.UserProperty
import kotlinx.serialization.Serializable
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import java.util.Base64

/** ListNamedShadowsForThing response body. */
@Serializable
internal class NamedShadowsWire(
    val results: List<String> = emptyList(),
    val nextToken: String? = null,
    val timestamp: Long? = null,
)

/** GetRetainedMessage response body; [payload] and [userProperties] are base64. */
@Serializable
internal class RetainedMessageWire(
    val topic: String,
    val payload: String? = null,
    val qos: Int = 0,
    val lastModifiedTime: Long = 0,
    val userProperties: String? = null,
)

/** One ListRetainedMessages entry. */
@Serializable
internal class RetainedSummaryWire(
    val topic: String,
    val payloadSize: Long = 0,
    val qos: Int = 0,
    val lastModifiedTime: Long = 0,
)

/** ListRetainedMessages response body. */
@Serializable
internal class RetainedListWire(
    val retainedTopics: List<RetainedSummaryWire> = emptyList(),
    val nextToken: String? = null,
)

/**
 * The `x-amz-mqtt5-user-properties` encoding (spec dataplane.md §2.2): base64 of the compact JSON array of one-pair
 * objects, `[{"deviceName":"alpha"},{"deviceCnt":"45"}]`.
 */
internal object UserPropertiesCodec {
    fun encode(properties: List<UserProperty>): String {
        val array = JsonArray(properties.map { JsonObject(mapOf(it.name to JsonPrimitive(it.value))) })
        return Base64.getEncoder().encodeToString(array.toString().toByteArray(Charsets.UTF_8))
    }

    /** Decodes base64 JSON; @throws IllegalArgumentException when it is not the documented shape. */
    fun decode(base64: String): List<UserProperty> {
        val json = Json.parseToJsonElement(String(Base64.getDecoder().decode(base64), Charsets.UTF_8))
        val array = json as? JsonArray ?: throw IllegalArgumentException("user properties must be a JSON array")
        return array.flatMap { entry ->
            val obj = entry as? JsonObject ?: throw IllegalArgumentException("a user property must be a JSON object")
            obj.map { (k, v) -> UserProperty(k, (v as? JsonPrimitive)?.content ?: v.toString()) }
        }
    }
}
