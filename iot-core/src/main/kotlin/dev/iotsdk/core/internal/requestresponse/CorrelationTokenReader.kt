package dev.iotsdk.core.internal.requestresponse

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.internal.DecodeFailures
import kotlinx.serialization.SerializationException
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import java.nio.charset.CharacterCodingException

/** What reading one top-level field of a JSON response gave. */
internal sealed interface FieldReadResult {
    /** The field is present and is a string (or number: its literal text). */
    class Found(val value: String) : FieldReadResult

    /** The document is valid JSON but has no such top-level scalar field (absent, `null`, nested, or not an object). */
    object Absent : FieldReadResult

    /** The payload is not valid UTF-8 JSON. */
    class Malformed(val reason: String) : FieldReadResult
}

/** Reads the correlation token and other top-level fields (a rejection's `code`/`message`) of a response payload. */
internal interface CorrelationTokenReader {
    /** Reads the top-level field [field] of [payload]. */
    fun read(payload: ByteArray, field: String): FieldReadResult
}

/** The [CorrelationTokenReader] on kotlinx.serialization's strict JSON parser. */
@OptIn(InternalIotSdkApi::class)
internal object JsonCorrelationTokenReader : CorrelationTokenReader {
    private val json = Json { isLenient = false }

    override fun read(payload: ByteArray, field: String): FieldReadResult {
        val members = try {
            topLevelScalars(payload)
        } catch (e: MalformedJsonException) {
            return FieldReadResult.Malformed(e.message ?: "malformed JSON")
        }
        return members[field]?.let { FieldReadResult.Found(it) } ?: FieldReadResult.Absent
    }

    /** The top-level scalar members of an object document (empty for other documents); throws when malformed. */
    fun topLevelScalars(payload: ByteArray): Map<String, String> {
        val text = try {
            payload.decodeToString(throwOnInvalidSequence = true)
        } catch (e: CharacterCodingException) {
            throw MalformedJsonException("payload is not valid UTF-8")
        }
        val element = try {
            json.parseToJsonElement(text)
        } catch (e: SerializationException) {
            throw MalformedJsonException(DecodeFailures.describe(e))
        } catch (e: IllegalArgumentException) {
            throw MalformedJsonException(DecodeFailures.describe(e))
        } catch (e: StackOverflowError) {
            throw MalformedJsonException("JSON nested too deeply")
        }
        val obj = element as? JsonObject ?: return emptyMap()
        return obj.entries.mapNotNull { (k, v) ->
            if (v is JsonPrimitive && v !is JsonNull) k to v.content else null
        }.toMap()
    }
}

/** A payload that is not valid JSON. */
internal class MalformedJsonException(message: String) : Exception(message)
