package dev.iotsdk.greengrass

import dev.iotsdk.common.IotSdkException

/** A failed attempt to connect to [endpoint]: [reason] says what failed; [cause] is the SDK exception, if any. */
public class CoreConnectAttempt(
    /** The endpoint tried. */
    public val endpoint: CoreEndpoint,
    /** What failed, in words. */
    public val reason: String,
    /** The failure, when there is one. */
    public val cause: IotSdkException?,
) {
    override fun toString(): String = "CoreConnectAttempt(${endpoint.describe()}: $reason)"
}
