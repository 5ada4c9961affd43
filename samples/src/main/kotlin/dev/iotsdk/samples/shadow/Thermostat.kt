package dev.iotsdk.samples.shadow

import kotlinx.serialization.Serializable

/** A thermostat's settings, the state this sample keeps in step with its shadow. */
@Serializable
public data class Thermostat(val mode: String = "off", val target: Double = 20.0)
