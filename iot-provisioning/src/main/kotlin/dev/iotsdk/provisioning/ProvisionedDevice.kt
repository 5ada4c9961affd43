package dev.iotsdk.provisioning

import dev.iotsdk.core.IotMqttClient

/**
 * A device connected with its own identity by [FleetProvisioning]. [close] closes [client].
 */
public class ProvisionedDevice internal constructor(
    /** The device's credentials (as saved in the store). */
    public val credentials: DeviceCredentials,
    /** The connection with the new identity, connected. */
    public val client: IotMqttClient,
    /** The template's device configuration from RegisterThing (empty when the stored credentials were used). */
    public val deviceConfiguration: Map<String, String>,
    /** `true` when this call provisioned the device, `false` when stored credentials were used. */
    public val provisioned: Boolean,
) : AutoCloseable {
    override fun close(): Unit = client.close()

    override fun toString(): String = "ProvisionedDevice(${credentials.thingName}, provisioned=$provisioned)"
}
