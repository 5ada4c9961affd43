package dev.iotsdk.greengrass

import dev.iotsdk.core.IotMqttClient

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
