package dev.iotsdk.samples.jobs

import kotlinx.serialization.Serializable

/** The document of a "config update" job. */
@Serializable
public data class ConfigUpdate(val operation: String, val settings: Map<String, String> = emptyMap())
