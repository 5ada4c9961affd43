package dev.iotsdk.emulator.internal.shadow

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/** A request the shadow service refuses: the error document's [code] and [message] (spec §4). */
internal class ShadowRejection(val code: Int, override val message: String, cause: Throwable? = null) :
    Exception(message, cause)

/** Reading shadow request payloads: the JSON object (UTF-8 only) and its `clientToken` (a string of 64 bytes at most). */
internal object ShadowPayloads {
    /** The payload as a JSON object; @throws ShadowRejection 415 for invalid UTF-8, 400 for anything not an object. */
    fun parse(payload: ByteArray): JsonObject {
        val element: JsonElement = try {
            Json.parseToJsonElement(payload.decodeToString(throwOnInvalidSequence = true))
        } catch (e: CharacterCodingException) {
            throw ShadowRejection(415, "Unsupported documented encoding; supported encoding is UTF-8", e)
        } catch (e: IllegalArgumentException) {
            throw ShadowRejection(400, "Invalid JSON", e)
        }
        return element as? JsonObject ?: throw ShadowRejection(400, "Invalid JSON")
    }

    /** The request's `clientToken`, `null` when absent; @throws ShadowRejection 400 when not a short string. */
    fun clientToken(body: JsonObject?): String? {
        val raw = body?.get("clientToken") ?: return null
        val token = (raw as? JsonPrimitive)?.takeIf { it.isString }?.content
            ?: throw ShadowRejection(400, "Invalid clientToken")
        if (token.toByteArray(Charsets.UTF_8).size > ShadowService.MAX_TOKEN_BYTES) {
            throw ShadowRejection(400, "Invalid clientToken")
        }
        return token
    }
}
