package dev.iotsdk.emulator.internal.jobs

import dev.iotsdk.emulator.internal.jobs.JobsService.Companion.INVALID_JSON
import dev.iotsdk.emulator.internal.jobs.JobsService.Companion.INVALID_REQUEST
import dev.iotsdk.emulator.internal.jobs.JobsService.Rejection
import kotlinx.serialization.SerializationException
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.booleanOrNull
import java.nio.ByteBuffer
import java.nio.charset.CharacterCodingException
import java.nio.charset.CodingErrorAction

/** The Jobs requests' body and fields, read and checked as AWS IoT Jobs checks them (spec/jobs.md §3). */
internal object JobsRequestFields {
    private val JSON = Json
    private val DETAILS_KEY = Regex("[a-zA-Z0-9:_-]{1,128}")
    private const val MAX_DETAILS_VALUE = 1024
    const val MAX_STEP_MINUTES = 10080L

    fun parseBody(payload: ByteArray): JsonObject {
        val text = try {
            Charsets.UTF_8.newDecoder().onMalformedInput(
                CodingErrorAction.REPORT,
            ).onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(payload)).toString()
        } catch (e: CharacterCodingException) {
            throw Rejection(INVALID_JSON, "The request is not valid UTF-8", cause = e)
        }
        if (text.isBlank()) return JsonObject(emptyMap())
        val element = try {
            JSON.parseToJsonElement(text)
        } catch (e: SerializationException) {
            throw Rejection(INVALID_JSON, "The request could not be parsed as JSON", cause = e)
        }
        return element as? JsonObject ?: throw Rejection(INVALID_JSON, "The request must be a JSON object")
    }

    fun statusDetails(body: JsonObject): Map<String, String>? {
        val element = body["statusDetails"] ?: return null
        if (element is JsonNull) return null
        val obj =
            element as? JsonObject
                ?: throw Rejection(INVALID_REQUEST, "statusDetails must be an object of string values")
        return obj.mapValues { (key, value) ->
            if (!key.matches(DETAILS_KEY)) throw Rejection(INVALID_REQUEST, "Invalid statusDetails key '$key'")
            val text = (value as? JsonPrimitive)?.takeIf { it.isString }?.content
                ?: throw Rejection(INVALID_REQUEST, "statusDetails value of '$key' must be a string")
            if (text.isEmpty() || text.length > MAX_DETAILS_VALUE || text.any { Character.isISOControl(it) }) {
                throw Rejection(INVALID_REQUEST, "Invalid statusDetails value of '$key'")
            }
            text
        }
    }

    fun stepTimeout(body: JsonObject): Long? {
        val minutes = long(body, "stepTimeoutInMinutes") ?: return null
        if (minutes !in
            1..MAX_STEP_MINUTES
        ) {
            throw Rejection(INVALID_REQUEST, "stepTimeoutInMinutes must be between 1 and 10080")
        }
        return minutes
    }

    /**
     * A whole number sent as a JSON number or as a JSON string of digits: AWS IoT accepts both for `expectedVersion`
     * and `executionNumber` of UpdateJobExecution (spec/jobs.md §3.4: the developer guide sends
     * `"expectedVersion":"1"`, the Python v1 SDK `str(...)` for both, AWS's embedded Jobs library strings).
     */
    fun numberOrString(body: JsonObject, field: String): Long? {
        val element = body[field] ?: return null
        if (element is JsonNull) return null
        val primitive = element as? JsonPrimitive ?: throw Rejection(INVALID_REQUEST, "$field must be a number")
        return primitive.content.toLongOrNull() ?: throw Rejection(INVALID_REQUEST, "$field must be a number")
    }

    fun long(body: JsonObject, field: String): Long? {
        val element: JsonElement = body[field] ?: return null
        if (element is JsonNull) return null
        val primitive = element as? JsonPrimitive
        if (primitive == null || primitive.isString) throw Rejection(INVALID_REQUEST, "$field must be a number")
        return primitive.content.toLongOrNull() ?: throw Rejection(INVALID_REQUEST, "$field must be a whole number")
    }

    fun boolean(body: JsonObject, field: String): Boolean? {
        val element = body[field] ?: return null
        if (element is JsonNull) return null
        val primitive = element as? JsonPrimitive
        if (primitive == null || primitive.isString) throw Rejection(INVALID_REQUEST, "$field must be true or false")
        return primitive.booleanOrNull ?: throw Rejection(INVALID_REQUEST, "$field must be true or false")
    }
}
