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

/** One Greengrass core: its thing ARN and where it can be reached, in preference order. */
@Serializable
public data class GreengrassCore(
    /** The core's thing ARN (`thingArn`, lower camel case on the wire). */
    @SerialName("thingArn") val thingArn: String,
    /** The endpoints of the core (`Connectivity`), most preferred first. */
    @EncodeDefault @SerialName("Connectivity") val connectivity: List<ConnectivityInfo> = emptyList(),
) {
    /** The connectivity entry with [id], or `null` (the v1 SDK's `getConnectivityInfo`). */
    public fun connectivityInfo(id: String): ConnectivityInfo? = connectivity.firstOrNull { it.id == id }
}
