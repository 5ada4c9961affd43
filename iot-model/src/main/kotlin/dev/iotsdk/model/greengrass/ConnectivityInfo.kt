@file:OptIn(ExperimentalSerializationApi::class)

package dev.iotsdk.model.greengrass

import kotlinx.serialization.EncodeDefault
import kotlinx.serialization.ExperimentalSerializationApi
import kotlinx.serialization.SerialName
import kotlinx.serialization.Serializable

/*
 * Wire models of the Greengrass discovery response (spec/greengrass-discovery.md §2). Field names follow AWS's real
 * response (PascalCase, except the core's `thingArn`). AWS may add fields, which this release ignores. They are data
 * classes for convenience: new optional fields may be appended later, so prefer named arguments and avoid
 * destructuring.
 */

/** One way to reach a core: a host (name or IP address) and an MQTT port, with free-form metadata. */
@Serializable
public data class ConnectivityInfo(
    /** The entry's id (`Id`), e.g. `AUTOIP_192.168.1.4_1`. */
    @SerialName("Id") val id: String,
    /** The host name or IP address (`HostAddress`). */
    @SerialName("HostAddress") val hostAddress: String,
    /** The MQTT port (`PortNumber`), 8883 by default on a core. */
    @SerialName("PortNumber") val portNumber: Int,
    /** Free-form metadata (`Metadata`), often empty. */
    @EncodeDefault @SerialName("Metadata") val metadata: String = "",
)
