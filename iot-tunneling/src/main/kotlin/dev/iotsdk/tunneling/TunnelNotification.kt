package dev.iotsdk.tunneling

import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.Qos
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.mapNotNull
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * The message AWS IoT publishes on `$aws/things/<thing>/tunnels/notify` when a tunnel is opened (or its destination
 * token rotated) for the thing (DG:agent-snippet): the destination's client access token, its mode, the region and
 * the tunnel's service ids. [toString] leaves the token out.
 *
 * ```kotlin
 * mqtt.tunnelNotifications("my-thing").collect { n -> SecureTunnel(n.destinationConfig(mapOf("SSH" to 22))).start() }
 * ```
 */
public class TunnelNotification internal constructor(
    /** The destination's client access token (secret). */
    public val clientAccessToken: String,
    /** `destination`. */
    public val clientMode: String,
    /** The region the tunnel was opened in. */
    public val region: String,
    /** The tunnel's service ids (for example `SSH`). */
    public val services: List<String>,
) {
    /**
     * A destination configuration for this tunnel: each service id in [services] mapped by [localPorts] to a port
     * on localhost. Change other settings with [SecureTunnelConfig.toBuilder].
     */
    public fun destinationConfig(localPorts: Map<String, Int>): SecureTunnelConfig = SecureTunnelConfig {
        mode = TunnelMode.DESTINATION
        accessToken = clientAccessToken
        region = this@TunnelNotification.region
        localPorts.forEach { (service, port) -> destination(service, "localhost", port) }
    }

    override fun toString(): String = "TunnelNotification(mode=$clientMode, region=$region, services=$services)"

    /** The notify topic and payload parsing. */
    public companion object {
        /** The notify topic of [thingName]. */
        @JvmStatic
        public fun topic(thingName: String): String = "\$aws/things/$thingName/tunnels/notify"

        /** Parses a notification payload; `null` when it is not one (the token, region or mode missing). */
        @JvmStatic
        public fun parse(payload: ByteArray): TunnelNotification? {
            val o = runCatching { Json.parseToJsonElement(payload.decodeToString()) as? JsonObject }.getOrNull()
            fun str(name: String) = (o?.get(name) as? JsonPrimitive)?.takeIf { it.isString }?.content
            val services = (o?.get("services") as? JsonArray)?.mapNotNull {
                (it as? JsonPrimitive)?.takeIf { p -> p.isString }?.content
            }.orEmpty()
            val token = str("clientAccessToken")
            val mode = str("clientMode")
            val region = str("region")
            return if (token != null && mode != null && region != null) {
                TunnelNotification(token, mode, region, services)
            } else {
                null
            }
        }
    }
}

/**
 * The tunnel notifications of [thingName], from a subscription to its notify topic (a cold flow; see
 * [IotMqttClient.subscribe]). Messages that are not notifications are skipped.
 *
 * ```kotlin
 * mqtt.tunnelNotifications("my-thing").collect { println("tunnel for ${it.services}") }
 * ```
 */
public fun IotMqttClient.tunnelNotifications(thingName: String): Flow<TunnelNotification> =
    subscribe(TunnelNotification.topic(thingName), Qos.AT_LEAST_ONCE).mapNotNull {
        TunnelNotification.parse(it.payload)
    }
