package dev.iotsdk.emulator.internal.frontdoor

import dev.iotsdk.emulator.internal.EventBus
import dev.iotsdk.emulator.internal.Registry
import dev.iotsdk.emulator.internal.http.HttpServices

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
)
