package dev.iotsdk.emulator.internal.frontdoor

/** What a connection's TLS handshake told: the listener it came to, the ALPN protocol chosen and the SNI host name. */
internal class HandshakeFacts(val listener: String, val alpn: String?, val serverName: String?)
