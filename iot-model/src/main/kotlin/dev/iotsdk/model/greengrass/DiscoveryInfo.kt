package dev.iotsdk.model.greengrass

import dev.iotsdk.model.IotJson
import kotlinx.serialization.SerializationException

/**
 * A discovery answer with the conveniences of the v1 SDK's `DiscoveryInfo`: [allGroups], [allCores], [allCas],
 * [groupsById] (`toObjectAtGroupLevel`), lookups by group id, core thing ARN and connectivity id, and the [rawJson]
 * exactly as received.
 *
 * ```kotlin
 * val info = DiscoveryInfo.parse(body)
 * val core = info.allCores.first()
 * val entry = core.connectivity.first()
 * println("${entry.hostAddress}:${entry.portNumber} trusting ${core.certificateAuthorities.size} CA(s)")
 * ```
 * ```java
 * DiscoveryInfo info = DiscoveryInfo.parse(body);
 * CoreConnectivityInfo core = info.getAllCores().get(0);
 * ```
 */
public class DiscoveryInfo(
    /** The decoded response. */
    public val response: DiscoverResponse,
    /** The JSON the service sent (reserved for processing of your own). */
    public val rawJson: String,
) {
    /** Every group the thing belongs to (`getAllGroups`). */
    public val allGroups: List<GreengrassGroup> get() = response.groups

    /** Every core of every group, each with its group id and group CAs (`getAllCores`). */
    public val allCores: List<CoreConnectivityInfo>
        get() = response.groups.flatMap { g ->
            g.cores.map { CoreConnectivityInfo(g.groupId, it, g.certificateAuthorities) }
        }

    /** Every group CA as a (group id, PEM) pair (`getAllCas`). */
    public val allCas: List<Pair<String, String>>
        get() = response.groups.flatMap { g -> g.certificateAuthorities.map { g.groupId to it } }

    /** The groups by group id (`toObjectAtGroupLevel`). */
    public val groupsById: Map<String, GreengrassGroup> get() = response.groups.associateBy { it.groupId }

    /** The group with [groupId], or `null`. */
    public fun group(groupId: String): GreengrassGroup? = response.groups.firstOrNull { it.groupId == groupId }

    /** The core with thing ARN [thingArn] in any group, or `null`. */
    public fun core(thingArn: String): CoreConnectivityInfo? = allCores.firstOrNull { it.thingArn == thingArn }

    /** The connectivity entry with [id] of any core, or `null`. */
    public fun connectivityInfo(id: String): ConnectivityInfo? =
        response.groups.asSequence().flatMap { it.cores }.mapNotNull { it.connectivityInfo(id) }.firstOrNull()

    /** Encodes [response] back to JSON (field names as AWS sends them). */
    public fun toJson(): String = IotJson.encodeToString(DiscoverResponse.serializer(), response)

    override fun toString(): String =
        "DiscoveryInfo(groups=${response.groups.map { it.groupId }}, cores=${allCores.map { it.thingArn }})"

    /** Factories. */
    public companion object {
        /**
         * Decodes a discovery response body.
         * @throws IllegalArgumentException (a `SerializationException`) naming what is malformed or missing.
         */
        @JvmStatic
        public fun parse(json: String): DiscoveryInfo {
            val response = try {
                IotJson.decodeFromString(DiscoverResponse.serializer(), json)
            } catch (e: SerializationException) {
                throw SerializationException("Malformed Greengrass discovery response: ${e.message}", e)
            }
            return DiscoveryInfo(response, json)
        }
    }
}
