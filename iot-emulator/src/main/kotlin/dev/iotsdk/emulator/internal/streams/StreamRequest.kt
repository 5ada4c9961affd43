package dev.iotsdk.emulator.internal.streams

import dev.iotsdk.emulator.internal.cbor.Cbor
import dev.iotsdk.emulator.internal.cbor.CborException
import kotlinx.serialization.SerializationException
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.longOrNull

/** A refusal on `…/rejected/<format>`: AWS's error code `o` and a message `m`; [echo] says whether `c` is echoed. */
internal class StreamRejection(val code: String, message: String, val echo: Boolean = true, cause: Throwable? = null) :
    Exception(message, cause)

/**
 * A DescribeStream or GetStream request body, JSON or CBOR, read into plain values: text `c`, integers `s f l o n`, and
 * the bitmap `b` (JSON `"0x…"` hex text, CBOR a byte string; spec/streams.md section 4).
 */
internal class StreamRequest private constructor(private val fields: Map<String, Any?>, private val json: Boolean) {
    /** The client token, or `null`; longer than 64 bytes (or not text) is `InvalidRequest`, not echoed. */
    val clientToken: String? = when (val c = fields["c"]) {
        null -> null
        is String -> c.takeIf { it.encodeToByteArray().size <= MAX_TOKEN_BYTES }
            ?: throw StreamRejection(INVALID_REQUEST, "The client token can't be longer than 64 bytes", echo = false)
        else -> throw StreamRejection(INVALID_REQUEST, "The client token must be a string", echo = false)
    }

    /** The integer [key], or `null` when absent; other types are `InvalidRequest`. */
    fun int(key: String): Long? = when (val v = fields[key]) {
        null -> null
        is Long -> v
        else -> throw StreamRejection(INVALID_REQUEST, "The field $key must be an integer")
    }

    /** The bitmap's bytes, or `null`. */
    fun bitmap(): ByteArray? = when (val b = fields["b"]) {
        null -> null
        is ByteArray -> if (json) throw StreamRejection(INVALID_REQUEST, "The block bitmap must be a hex string") else b
        is String -> if (json) {
            hex(
                b,
            )
        } else {
            throw StreamRejection(INVALID_REQUEST, "The block bitmap must be a byte string")
        }
        else -> throw StreamRejection(INVALID_REQUEST, "The block bitmap is malformed")
    }

    private fun hex(text: String): ByteArray {
        val digits = text.removePrefix("0x").removePrefix("0X")
        val hexDigits = digits.all { it.isDigit() || it.lowercaseChar() in 'a'..'f' }
        if (digits.isEmpty() || digits.length % 2 != 0 || !hexDigits) {
            throw StreamRejection(INVALID_REQUEST, "The block bitmap must be hex digits in pairs, prefixed 0x")
        }
        return ByteArray(digits.length / 2) { digits.substring(it * 2, it * 2 + 2).toInt(HEX).toByte() }
    }

    companion object {
        const val INVALID_REQUEST = "InvalidRequest"
        private const val MAX_TOKEN_BYTES = 64
        private const val HEX = 16

        fun parse(payload: ByteArray, format: String): StreamRequest =
            if (format == "json") json(payload) else cbor(payload)

        private fun json(payload: ByteArray): StreamRequest {
            val text = payload.decodeToString()
            if (text.isBlank()) return StreamRequest(emptyMap(), true)
            val element = try {
                Json.parseToJsonElement(text)
            } catch (e: SerializationException) {
                throw StreamRejection("InvalidJson", "The request is not valid JSON", echo = false, cause = e)
            }
            val obj = element as? JsonObject
                ?: throw StreamRejection(INVALID_REQUEST, "The request must be a JSON object", echo = false)
            return StreamRequest(
                obj.mapValues { (key, value) ->
                    when {
                        value is JsonNull -> null
                        value is JsonPrimitive && value.isString -> value.content
                        value is JsonPrimitive && value.longOrNull != null -> value.longOrNull
                        else -> throw StreamRejection(
                            INVALID_REQUEST,
                            "The field $key has an invalid value",
                            echo = false,
                        )
                    }
                },
                true,
            )
        }

        private fun cbor(payload: ByteArray): StreamRequest {
            if (payload.isEmpty()) return StreamRequest(emptyMap(), false)
            val value = try {
                Cbor.decode(payload)
            } catch (e: CborException) {
                throw StreamRejection("InvalidCbor", "The request is not valid CBOR", echo = false, cause = e)
            }
            val map = value as? Map<*, *>
                ?: throw StreamRejection(INVALID_REQUEST, "The request must be a CBOR map", echo = false)
            return StreamRequest(
                map.entries.associate { (k, v) ->
                    (k as? String ?: throw StreamRejection(INVALID_REQUEST, "Map keys must be text", echo = false)) to v
                },
                false,
            )
        }
    }
}
