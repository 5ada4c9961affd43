package dev.iotsdk.shadow.internal

import dev.iotsdk.shadow.ShadowStateCodec
import kotlinx.coroutines.CancellationException
import kotlinx.serialization.KSerializer
import kotlinx.serialization.SerializationException
import kotlinx.serialization.descriptors.SerialDescriptor
import kotlinx.serialization.encoding.Decoder
import kotlinx.serialization.encoding.Encoder
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonDecoder
import kotlinx.serialization.json.JsonEncoder
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonObject

/**
 * A JSON-only [KSerializer] over a Java [ShadowStateCodec], so the typed shadow serves Java types with the same code.
 * Anything the codec throws becomes a [SerializationException] (cause kept), which the typed shadow turns into an
 * error event.
 */
internal class CodecSerializer<S>(private val codec: ShadowStateCodec<S>) : KSerializer<S> {
    override val descriptor: SerialDescriptor = JsonObject.serializer().descriptor

    override fun serialize(encoder: Encoder, value: S) {
        val json = encoder as? JsonEncoder ?: throw SerializationException("a shadow state codec only writes JSON")
        val text = guarded("encode") { codec.encode(value) }
        val element = guarded("parse the encoded") { Json.parseToJsonElement(text).jsonObject }
        json.encodeJsonElement(element)
    }

    override fun deserialize(decoder: Decoder): S {
        val json = decoder as? JsonDecoder ?: throw SerializationException("a shadow state codec only reads JSON")
        val element: JsonObject =
            json.decodeJsonElement() as? JsonObject ?: throw SerializationException("shadow state is not a JSON object")
        return guarded("decode") { codec.decode(element.toString()) }
    }

    private inline fun <T> guarded(what: String, block: () -> T): T = try {
        block()
    } catch (e: CancellationException) {
        throw e
    } catch (e: SerializationException) {
        throw e
    } catch (e: Exception) {
        throw SerializationException("the shadow state codec failed to $what state: ${e.javaClass.simpleName}", e)
    }
}
