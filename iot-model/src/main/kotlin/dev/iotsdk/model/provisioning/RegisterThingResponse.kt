package dev.iotsdk.model.provisioning

import kotlinx.serialization.Serializable

/**
 * The accepted response of RegisterThing (`$aws/provisioning-templates/<templateName>/provision/json/accepted`).
 *
 * Stability: the wire shape AWS documents; new optional fields may be added.
 */
@Serializable
public data class RegisterThingResponse(
    /** The name of the thing the template created (or reused). */
    val thingName: String,
    /** The device configuration defined in the template (`DeviceConfiguration`); empty when it defines none. */
    val deviceConfiguration: Map<String, String> = emptyMap(),
)
