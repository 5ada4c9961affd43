package dev.iotsdk.samples.dataplane

import kotlinx.serialization.Serializable

/** The sample device's state, kept in step with its shadow by the device and changed by the companion app. */
@Serializable
public data class Lamp(
    /** `on` or `off`. */
    val power: String = "off",
    /** A colour name. */
    val color: String = "white",
)
