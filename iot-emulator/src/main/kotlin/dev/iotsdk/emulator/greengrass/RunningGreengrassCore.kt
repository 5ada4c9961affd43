package dev.iotsdk.emulator.greengrass

/** A running test core started by [GreengrassEmulator.startCore]. */
public class RunningGreengrassCore internal constructor(
    /** The core's group. */
    public val groupId: String,
    /** The loopback port of its MQTT-over-TLS endpoint. */
    public val port: Int,
    /** The connectivity entry that points at it (added to the group when asked). */
    public val connectivity: EmulatedConnectivity,
) {
    override fun toString(): String = "RunningGreengrassCore(groupId=$groupId, port=$port)"
}
