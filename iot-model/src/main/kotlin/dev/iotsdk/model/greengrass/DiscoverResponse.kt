@file:OptIn(ExperimentalSerializationApi::class)

package dev.iotsdk.model.greengrass

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
