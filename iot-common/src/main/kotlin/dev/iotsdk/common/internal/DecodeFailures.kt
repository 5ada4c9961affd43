package dev.iotsdk.common.internal

import dev.iotsdk.common.InternalIotSdkApi
import java.nio.charset.CharacterCodingException

/**
 * Why a payload from a service topic or an HTTP body could not be decoded, said without any of its content.
 *
 * kotlinx.serialization's messages quote the input (`JSON input: …` with up to about 200 characters, `for input
 * 'abc'`, enum values, map keys); a fleet provisioning answer quoted that way can put part of a private key into an
 * exception and the logs. Service clients therefore never copy a decoder's message or keep its exception as a cause:
 * they say what [describe] says, which keeps only what the schema knows (the names of missing fields) and the offset.
 *
 * ```kotlin
 * catch (e: SerializationException) {
 *     throw MalformedResponseException(topic, payload, DecodeFailures.describe(e))
 * }
 * ```
 */
@InternalIotSdkApi
public object DecodeFailures {
    private val missingOne = Regex("""Field '([^']*)' is required""")
    private val missingMany = Regex("""Fields \[([^\]]*)] are required""")
    private val offset = Regex("""at offset (\d+)""")
    private val fieldName = Regex("[A-Za-z0-9_]{1,64}")
    private const val MAX_FIELDS = 8

    /** A payload-free reason for [error], thrown while decoding a payload. */
    public fun describe(error: Throwable): String {
        val message = error.message.orEmpty()
        return when {
            error is CharacterCodingException -> "the payload is not valid UTF-8"
            error is StackOverflowError -> "the JSON is nested too deeply"
            missingFields(message) != null -> "required fields are missing: ${missingFields(message)}"
            "Unexpected JSON token" in message ->
                "the payload is not the documented JSON" +
                    (offset.find(message)?.let { " (at offset ${it.groupValues[1]})" } ?: "")
            else -> "the payload does not have the documented shape (${error.javaClass.simpleName})"
        }
    }

    /** The schema's names of the missing fields, or `null` when [message] does not report any (or names oddly). */
    private fun missingFields(message: String): String? {
        val names = missingOne.find(message)?.groupValues?.get(1)?.let(::listOf)
            ?: missingMany.find(message)?.groupValues?.get(1)?.split(',')?.map { it.trim() }
            ?: return null
        return names.takeIf { list -> list.size <= MAX_FIELDS && list.all { fieldName.matches(it) } }
            ?.joinToString(", ")
    }
}
