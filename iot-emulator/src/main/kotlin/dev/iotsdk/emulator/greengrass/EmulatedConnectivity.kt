package dev.iotsdk.emulator.greengrass

/** A connectivity entry of an emulated core, as discovery returns it. */
public class EmulatedConnectivity @JvmOverloads constructor(
    /** The entry id (`Id`). */
    public val id: String,
    /** The host name or address (`HostAddress`). */
    public val hostAddress: String,
    /** The port (`PortNumber`). */
    public val portNumber: Int,
    /** The metadata (`Metadata`). */
    public val metadata: String = "",
) {
    override fun toString(): String = "EmulatedConnectivity($id, $hostAddress:$portNumber)"
}
