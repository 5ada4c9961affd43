package dev.iotsdk.model.greengrass

/**
 * A core together with the group it belongs to (the v1 SDK's `CoreConnectivityInfo`): its [groupId], thing ARN,
 * connectivity entries in preference order and the group CAs that sign its certificate.
 */
public class CoreConnectivityInfo(
    /** The id of the core's group. */
    public val groupId: String,
    /** The core itself. */
    public val core: GreengrassCore,
    /** The group's CA certificates (PEM). */
    public val certificateAuthorities: List<String>,
) {
    /** The core's thing ARN (`coreThingArn` in the v1 SDK). */
    public val thingArn: String get() = core.thingArn

    /** The connectivity entries, most preferred first (`connectivityInfoList`). */
    public val connectivity: List<ConnectivityInfo> get() = core.connectivity

    /** The connectivity entry with [id], or `null`. */
    public fun connectivityInfo(id: String): ConnectivityInfo? = core.connectivityInfo(id)

    override fun toString(): String =
        "CoreConnectivityInfo(groupId=$groupId, thingArn=$thingArn, connectivity=${connectivity.map {
            it.id
        }})"
}
