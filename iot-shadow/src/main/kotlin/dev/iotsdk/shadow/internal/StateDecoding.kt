package dev.iotsdk.shadow.internal

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.internal.DecodeFailures
import kotlinx.serialization.DeserializationStrategy
import kotlinx.serialization.SerializationException
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement

/**
 * Decodes a shadow section into the caller's type; a section that does not fit fails with a [SerializationException]
 * that says why without quoting the section (shadow state can hold secrets, and kotlinx.serialization's messages
 * quote what they could not decode).
 *
 * ```kotlin
 * val wanted = decodeState(json, serializer, desired)
 * ```
 */
@OptIn(InternalIotSdkApi::class)
internal fun <S> decodeState(json: Json, serializer: DeserializationStrategy<S>, section: JsonElement): S = try {
    json.decodeFromJsonElement(serializer, section)
} catch (e: SerializationException) {
    throw SerializationException("the shadow state does not decode: ${DecodeFailures.describe(e)}")
} catch (e: IllegalArgumentException) {
    throw SerializationException("the shadow state does not decode: ${DecodeFailures.describe(e)}")
}
