package dev.iotsdk.benchmarks.micro

import kotlinx.serialization.Serializable
import kotlinx.serialization.json.JsonElement

/** The state part of [ShadowUpdate]. */
@Serializable
public class ShadowState(
    /** What the device reports. */
    public val reported: Map<String, JsonElement>? = null,
    /** What the application wants. */
    public val desired: Map<String, JsonElement>? = null,
)
