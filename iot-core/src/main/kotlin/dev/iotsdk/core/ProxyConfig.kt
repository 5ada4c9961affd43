package dev.iotsdk.core

/** An HTTP CONNECT or SOCKS5 proxy between the client and the broker. */
public class ProxyConfig @JvmOverloads constructor(
    /** The proxy protocol. */
    public val type: Type,
    /** The proxy host. */
    public val host: String,
    /** The proxy port. */
    public val port: Int,
    /** Proxy username, if it needs one. */
    public val username: String? = null,
    /** Proxy password, if it needs one. */
    public val password: String? = null,
) {
    /** Proxy protocols. */
    public enum class Type {
        /** HTTP CONNECT tunnel. */
        HTTP,

        /** SOCKS version 5. */
        SOCKS5,
    }

    override fun toString(): String = "ProxyConfig($type, $host:$port, auth=${username != null})"
}
