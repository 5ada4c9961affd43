package dev.iotsdk.emulator.internal.frontdoor

import dev.iotsdk.emulator.internal.EventBus
import dev.iotsdk.emulator.internal.Registry
import dev.iotsdk.emulator.internal.http.HttpServices
import dev.iotsdk.emulator.internal.tunneling.TunnelHandshake

/**
 * What [RouteHandler] needs to route a connection: the registry (certificate status and things), events, the
 * WebSocket path and its authentication, the relay to the broker's loopback listeners and the HTTP services.
 */
internal class RouteContext(
    val registry: Registry,
    val events: EventBus,
    val wssPath: String,
    val upgrade: WebSocketUpgrade,
    val relay: BrokerRelay,
    val http: HttpServices,
    /** The secure tunneling data plane (`GET /tunnel` on 443), when the emulator serves it. */
    val tunnels: TunnelHandshake? = null,
)
