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

/**
 * The body of a successful `GET /greengrass/discover/thing/<thing>`: the Greengrass groups the thing belongs to
 * (at most 10). Wrap it in [DiscoveryInfo] for the lookup conveniences.
 */
@Serializable
public data class DiscoverResponse(
    /** The groups (`GGGroups`). */
    @SerialName("GGGroups") val groups: List<GreengrassGroup>,
)

/**
 * One Greengrass group: its core (AWS sends exactly one) and the group CA certificates that sign the core's
 * certificate.
 */
@Serializable
public data class GreengrassGroup(
    /** The group id (`GGGroupId`). */
    @SerialName("GGGroupId") val groupId: String,
    /** The group's cores (`Cores`). */
    @EncodeDefault @SerialName("Cores") val cores: List<GreengrassCore> = emptyList(),
    /** The group CA certificates in PEM (`CAs`); the first one is the trust anchor the AWS samples use. */
    @EncodeDefault @SerialName("CAs") val certificateAuthorities: List<String> = emptyList(),
) {
    /** The core with thing ARN [thingArn], or `null` (the v1 SDK's `getCoreConnectivityInfo`). */
    public fun core(thingArn: String): GreengrassCore? = cores.firstOrNull { it.thingArn == thingArn }
}

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
