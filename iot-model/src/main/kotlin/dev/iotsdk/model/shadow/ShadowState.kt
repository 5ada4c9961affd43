package dev.iotsdk.model.shadow

import dev.iotsdk.model.IotJson
import kotlinx.serialization.ExperimentalSerializationApi
import kotlinx.serialization.KSerializer
import kotlinx.serialization.SerializationException
import kotlinx.serialization.descriptors.SerialDescriptor
import kotlinx.serialization.encoding.Decoder
import kotlinx.serialization.encoding.Encoder
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonDecoder
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonEncoder
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonObjectBuilder
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.decodeFromJsonElement
import kotlinx.serialization.json.encodeToJsonElement
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.serializer

/**
 * The `state` node of a shadow document: [desired], [reported] and, in GET responses, [delta].
 *
 * In update requests a `null` value inside a section deletes that key (kept as a `JsonNull` in the [JsonObject]),
 * and a section set to `null` deletes the whole section: that is [deleteDesired] / [deleteReported], written as an
 * explicit `"desired": null`. Unknown keys inside `state` are ignored when reading.
 *
 * ```kotlin
 * val state = ShadowState(desired = buildJsonObject { put("color", "red") })
 * val typed: Lamp? = document.state?.desiredAs<Lamp>()
 * ```
 *
 * Stability: the fields mirror AWS's wire format; new optional fields may be added.
 */
@kotlinx.serialization.Serializable(with = ShadowStateSerializer::class)
public class ShadowState(
    /** The desired section, or `null` when absent. */
    public val desired: JsonObject? = null,
    /** The reported section, or `null` when absent. */
    public val reported: JsonObject? = null,
    /** The delta section (GET responses only), or `null` when absent. */
    public val delta: JsonObject? = null,
    /** Whether the document carries `"desired": null` (an update that deletes the desired section). */
    public val deleteDesired: Boolean = false,
    /** Whether the document carries `"reported": null` (an update that deletes the reported section). */
    public val deleteReported: Boolean = false,
) {
    init {
        require(!(deleteDesired && desired != null)) { "desired cannot be both set and deleted" }
        require(!(deleteReported && reported != null)) { "reported cannot be both set and deleted" }
    }

    /** This state as its JSON object. */
    public fun toJsonObject(): JsonObject = buildJsonObject {
        section("desired", desired, deleteDesired)
        section("reported", reported, deleteReported)
        section("delta", delta, false)
    }

    private fun JsonObjectBuilder.section(key: String, value: JsonObject?, delete: Boolean) {
        when {
            value != null -> put(key, value)
            delete -> put(key, JsonNull)
        }
    }

    override fun equals(other: Any?): Boolean = other is ShadowState && toJsonObject() == other.toJsonObject()

    override fun hashCode(): Int = toJsonObject().hashCode()

    override fun toString(): String = "ShadowState(${toJsonObject()})"

    /** Builders from typed values. */
    public companion object {
        /** A state whose desired section is [value] encoded with [serializer] (must encode to a JSON object). */
        @JvmStatic
        public fun <T> ofDesired(serializer: KSerializer<T>, value: T): ShadowState =
            ShadowState(desired = encodeObject(serializer, value))

        /** A state whose reported section is [value] encoded with [serializer] (must encode to a JSON object). */
        @JvmStatic
        public fun <T> ofReported(serializer: KSerializer<T>, value: T): ShadowState =
            ShadowState(reported = encodeObject(serializer, value))

        /** [value] encoded with [serializer] by [IotJson]; @throws IllegalArgumentException if it is not an object. */
        @JvmStatic
        public fun <T> encodeObject(serializer: KSerializer<T>, value: T): JsonObject {
            val element = IotJson.encodeToJsonElement(serializer, value)
            return element as? JsonObject
                ?: throw IllegalArgumentException("a shadow state section must be a JSON object, not $element")
        }
    }
}

/** [ShadowState.desired] decoded into [T] with [IotJson], or `null` when absent. @throws SerializationException */
public inline fun <reified T> ShadowState.desiredAs(): T? = desired?.let { IotJson.decodeFromJsonElement<T>(it) }

/** [ShadowState.reported] decoded into [T] with [IotJson], or `null` when absent. @throws SerializationException */
public inline fun <reified T> ShadowState.reportedAs(): T? = reported?.let { IotJson.decodeFromJsonElement<T>(it) }

/** [ShadowState.delta] decoded into [T] with [IotJson], or `null` when absent. @throws SerializationException */
public inline fun <reified T> ShadowState.deltaAs(): T? = delta?.let { IotJson.decodeFromJsonElement<T>(it) }

/** A state whose desired section is [value] (a `@Serializable` type encoding to a JSON object). */
public inline fun <reified T> ShadowState.Companion.desired(value: T): ShadowState = ofDesired(serializer<T>(), value)

/** A state whose reported section is [value] (a `@Serializable` type encoding to a JSON object). */
public inline fun <reified T> ShadowState.Companion.reported(value: T): ShadowState = ofReported(serializer<T>(), value)

/** Reads and writes [ShadowState] as its JSON object, keeping explicit `null` sections. JSON formats only. */
@OptIn(ExperimentalSerializationApi::class)
internal object ShadowStateSerializer : KSerializer<ShadowState> {
    override val descriptor: SerialDescriptor =
        SerialDescriptor("dev.iotsdk.model.shadow.ShadowState", JsonObject.serializer().descriptor)

    override fun serialize(encoder: Encoder, value: ShadowState) {
        val json = encoder as? JsonEncoder ?: throw SerializationException("ShadowState can only be written as JSON")
        json.encodeJsonElement(value.toJsonObject())
    }

    override fun deserialize(decoder: Decoder): ShadowState {
        val json = decoder as? JsonDecoder ?: throw SerializationException("ShadowState can only be read from JSON")
        val element = json.decodeJsonElement()
        val obj =
            element as? JsonObject
                ?: throw SerializationException("the shadow state must be a JSON object, not ${kindOf(element)}")
        return ShadowState(
            desired = section(obj, "desired"),
            reported = section(obj, "reported"),
            delta = section(obj, "delta"),
            deleteDesired = obj["desired"] is JsonNull,
            deleteReported = obj["reported"] is JsonNull,
        )
    }

    private fun section(obj: JsonObject, key: String): JsonObject? = when (val v: JsonElement? = obj[key]) {
        null, is JsonNull -> null
        is JsonObject -> v.jsonObject
        else -> throw SerializationException("state.$key must be a JSON object or null, not ${kindOf(v)}")
    }

    /** What kind of JSON [element] is, never its content (payloads can hold secrets). */
    private fun kindOf(element: JsonElement): String = when (element) {
        is JsonObject -> "an object"
        is JsonArray -> "an array"
        is JsonPrimitive -> if (element.isString) "a string" else "a number or boolean"
    }
}
