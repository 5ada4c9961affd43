package dev.iotsdk.samples.heater

/** What a [HeaterController] is doing: its settings, the last temperature read and whether it heats. */
public data class HeaterState(
    /** The temperature to reach, in °C. */
    val target: Double = 20.0,
    /** Whether the heater may heat at all. */
    val powerOn: Boolean = true,
    /** The last temperature the sensor read, in °C (`null` before the first reading). */
    val temperature: Double? = null,
) {
    /** Whether the heater heats now: powered, and below the target. */
    val heating: Boolean get() = powerOn && temperature != null && temperature < target

    /** The state as the JSON the device publishes. */
    public fun toJson(): String =
        """{"target":$target,"power":"${if (powerOn) "on" else "off"}","temperature":$temperature,"heating":$heating}"""
}
