package dev.iotsdk.emulator.shadow

import dev.iotsdk.emulator.internal.runtime.EmulatorRuntime

/**
 * The Device Shadow service in the emulator ([dev.iotsdk.emulator.IotEmulator.shadows]), from the cloud side: read a
 * shadow as GetThingShadow returns it, or update it as UpdateThingShadow does. Devices use the MQTT shadow topics
 * (`$aws/things/<thing>/shadow/...`) and the data plane.
 *
 * ```kotlin
 * emulator.shadows.updateShadow("lamp", null, """{"state":{"desired":{"on":true}}}""")
 * val document = emulator.shadows.shadow("lamp") // {"state":{"desired":{"on":true},"delta":…},…}
 * ```
 * Every method may be called from any thread.
 */
public class ShadowEmulator internal constructor(private val runtime: EmulatorRuntime) {
    /** The shadow document of [thingName] (classic, or named [shadowName]) as a GET returns it, or `null`. */
    @JvmOverloads
    public fun shadow(thingName: String, shadowName: String? = null): String? =
        runtime.shadows.document(thingName, shadowName)

    /**
     * Updates a shadow from the cloud side (like the data plane's UpdateThingShadow, for example a companion app):
     * [json] is an update request document; the accepted, delta and documents messages are published as for an MQTT
     * update. Returns the accepted response. @throws IllegalArgumentException with the error document when rejected.
     */
    public fun updateShadow(thingName: String, shadowName: String?, json: String): String =
        runtime.shadows.adminUpdate(thingName, shadowName, json) { topic, payload ->
            runtime.extension.publish(topic, payload, 1, false)
        }
}
