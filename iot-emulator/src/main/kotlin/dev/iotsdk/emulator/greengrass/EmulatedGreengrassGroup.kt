package dev.iotsdk.emulator.greengrass

/** A group created by [GreengrassEmulator.createGroup]. */
public class EmulatedGreengrassGroup internal constructor(
    /** The group id. */
    public val groupId: String,
    /** The ARN of the group's core thing. */
    public val coreThingArn: String,
    /** The group CA certificate (PEM) that signs the core's server certificate. */
    public val caCertificatePem: String,
) {
    override fun toString(): String = "EmulatedGreengrassGroup(groupId=$groupId, coreThingArn=$coreThingArn)"
}
