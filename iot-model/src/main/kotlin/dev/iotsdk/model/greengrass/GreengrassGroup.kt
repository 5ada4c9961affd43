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
