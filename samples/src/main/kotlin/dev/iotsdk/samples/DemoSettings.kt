package dev.iotsdk.samples

import kotlinx.serialization.Serializable

/** The demo device's settings, kept in step with its shadow. */
@Serializable
public data class DemoSettings(val intervalSeconds: Int = 60, val led: String = "green")
