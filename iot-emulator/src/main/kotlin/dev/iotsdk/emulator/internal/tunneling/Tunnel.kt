package dev.iotsdk.emulator.internal.tunneling

import java.time.Instant

/** The two ends of a tunnel, named as `local-proxy-mode` and the notification's `clientMode` name them. */
internal enum class TunnelSide(val mode: String) {
    SOURCE("source"),
    DESTINATION("destination"),
    ;

    val other: TunnelSide get() = if (this == SOURCE) DESTINATION else SOURCE

    companion object {
        fun ofMode(mode: String?): TunnelSide? = entries.firstOrNull { it.mode == mode }
    }
}

/**
 * One tunnel (BOTO-ST `Tunnel`): its configuration, `OPEN`/`CLOSED` status and, per side, the current client access
 * token, the client token bound to it and the connected peer. Guarded by its own monitor.
 */
internal class Tunnel(val id: String, val arn: String, settings: TunnelSettings, val createdAt: Instant) {
    val description: String? = settings.description
    val thingName: String? = settings.thingName
    val services: List<String> = settings.services
    val maxLifetimeMinutes: Long = settings.maxLifetimeMinutes
    val tags: Map<String, String> = settings.tags

    /** One side's access state. */
    class Side(var accessToken: String) {
        /** The client token the access token was first used with; later handshakes must present it. */
        var clientToken: String? = null

        /** Whether the access token was used without a client token (then it cannot be used again). */
        var spent: Boolean = false
        var peer: TunnelPeer? = null
        var lastUpdatedAt: Instant? = null
    }

    @Volatile var closed: Boolean = false
    var lastUpdatedAt: Instant = createdAt
    val sides: Map<TunnelSide, Side> = mapOf(
        TunnelSide.SOURCE to Side(""),
        TunnelSide.DESTINATION to Side(""),
    )

    val expiresAt: Instant get() = createdAt.plusSeconds(maxLifetimeMinutes * SECONDS_PER_MINUTE)

    private companion object {
        const val SECONDS_PER_MINUTE = 60L
    }
}

/** What OpenTunnel configures: the description, the destination thing and services, the lifetime and the tags. */
internal class TunnelSettings(
    val description: String?,
    val thingName: String?,
    val services: List<String>,
    val maxLifetimeMinutes: Long,
    val tags: Map<String, String>,
)
