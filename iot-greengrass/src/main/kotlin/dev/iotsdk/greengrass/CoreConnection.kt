package dev.iotsdk.greengrass

import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.model.IotSdkException
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

/**
 * The result of [GreengrassDiscoveryClient.connectToCore]: a connected [client] (yours to close), the [endpoint] that
 * won and the [failedAttempts] before it.
 */
public class CoreConnection(
    /** The connected MQTT client; close it when done. */
    public val client: IotMqttClient,
    /** The endpoint that accepted the connection. */
    public val endpoint: CoreEndpoint,
    /** Earlier endpoints that failed, in order. */
    public val failedAttempts: List<CoreConnectAttempt>,
) {
    override fun toString(): String =
        "CoreConnection(endpoint=${endpoint.describe()}, failedAttempts=${failedAttempts.size})"
}
