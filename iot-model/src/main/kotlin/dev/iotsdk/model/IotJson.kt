package dev.iotsdk.model

import kotlinx.serialization.json.Json

/**
 * The [Json] configuration every iotsdk wire model is read and written with: unknown fields are tolerated
 * (AWS adds fields over time), explicit nulls are kept (AWS uses `null` to delete shadow keys), and defaults
 * are not written.
 *
 * ```kotlin
 * val doc = IotJson.decodeFromString<MyState>(payload.decodeToString())
 * ```
 */
public val IotJson: Json = Json {
    ignoreUnknownKeys = true
    explicitNulls = true
    encodeDefaults = false
}
