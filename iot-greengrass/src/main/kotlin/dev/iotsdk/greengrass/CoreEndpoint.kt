package dev.iotsdk.greengrass

import dev.iotsdk.model.greengrass.ConnectivityInfo
import dev.iotsdk.model.greengrass.CoreConnectivityInfo

/** One place to try: a connectivity entry of a core, with the core (its group id and group CAs). */
public class CoreEndpoint(
    /** The core, with its group id and the group CAs. */
    public val core: CoreConnectivityInfo,
    /** The connectivity entry (host and port). */
    public val connectivity: ConnectivityInfo,
) {
    /** `host:port (id, core ARN)`. */
    public fun describe(): String =
        "${connectivity.hostAddress}:${connectivity.portNumber} (${connectivity.id}, core ${core.thingArn})"

    override fun toString(): String = "CoreEndpoint(${describe()})"
}
