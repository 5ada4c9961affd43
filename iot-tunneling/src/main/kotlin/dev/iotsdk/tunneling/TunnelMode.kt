package dev.iotsdk.tunneling

/**
 * Which end of a tunnel a [SecureTunnel] is: the AWS local proxy's `local-proxy-mode`.
 *
 * ```kotlin
 * val config = SecureTunnelConfig { mode = TunnelMode.DESTINATION; accessToken = token; region = "us-east-1" }
 * ```
 */
public enum class TunnelMode(
    /** The `local-proxy-mode` query value. */
    public val wireName: String,
) {
    /** The operator's side: listens on local ports and starts a stream for each accepted connection. */
    SOURCE("source"),

    /** The device's side: connects each stream to the local service configured for its service id. */
    DESTINATION("destination"),
}
