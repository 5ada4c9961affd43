@file:OptIn(ExperimentalSerializationApi::class)

package dev.iotsdk.defender.internal

import kotlinx.serialization.ExperimentalSerializationApi
import kotlinx.serialization.KSerializer
import kotlinx.serialization.builtins.ListSerializer
import kotlinx.serialization.builtins.MapSerializer
import kotlinx.serialization.builtins.serializer
import kotlinx.serialization.cbor.Cbor
import kotlinx.serialization.descriptors.SerialDescriptor
import kotlinx.serialization.descriptors.SerialKind
import kotlinx.serialization.descriptors.buildSerialDescriptor
import kotlinx.serialization.encoding.Decoder
import kotlinx.serialization.encoding.Encoder
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.booleanOrNull
import kotlinx.serialization.json.longOrNull

/**
 * Writes a JSON tree as CBOR with kotlinx.serialization's CBOR format: maps and arrays definite-length, whole numbers
 * as CBOR integers, other numbers as doubles, text as text strings. Encode only: a device sends reports and reads
 * answers, which have their own typed classes.
 */
internal object TreeCbor {
    private val CBOR = Cbor {
        useDefiniteLengthEncoding = true
        encodeDefaults = false
    }

    fun encode(tree: JsonElement): ByteArray = CBOR.encodeToByteArray(TreeSerializer, tree)

    private object TreeSerializer : KSerializer<JsonElement> {
        @OptIn(kotlinx.serialization.InternalSerializationApi::class)
        override val descriptor: SerialDescriptor =
            buildSerialDescriptor("dev.iotsdk.defender.Tree", SerialKind.CONTEXTUAL)

        override fun serialize(encoder: Encoder, value: JsonElement) {
            when (value) {
                is JsonObject -> encoder.encodeSerializableValue(MapSerializer(String.serializer(), this), value)
                is JsonArray -> encoder.encodeSerializableValue(ListSerializer(this), value)
                is JsonNull -> encoder.encodeNull()
                is JsonPrimitive -> primitive(encoder, value)
            }
        }

        private fun primitive(encoder: Encoder, value: JsonPrimitive) {
            val bool = value.booleanOrNull
            val long = value.longOrNull
            when {
                value.isString -> encoder.encodeString(value.content)
                bool != null -> encoder.encodeBoolean(bool)
                long != null -> encoder.encodeLong(long)
                else -> encoder.encodeDouble(value.content.toDouble())
            }
        }

        override fun deserialize(decoder: Decoder): JsonElement =
            throw UnsupportedOperationException("reports are written, not read, as CBOR")
    }
}
