package dev.iotsdk.core

import dev.iotsdk.auth.CredentialsProvider
import dev.iotsdk.auth.TlsIdentity

/**
 * How the client reaches and authenticates to the broker. AWS IoT's options (spec: connect.md §2):
 *
 * | type | port | authentication |
 * |---|---|---|
 * | [MutualTls] | 8883 | X.509 client certificate |
 * | [MutualTls] with `alpn = true` | 443 | X.509 client certificate, ALPN `x-amzn-mqtt-ca` |
 * | [WebSocketSigV4] | 443 | SigV4 presigned URL (service `iotdevicegateway`) |
 * | [CustomAuth] | 443 | custom authorizer, ALPN `mqtt` (or over WebSocket) |
 * | [Tcp] | 1883 | none (other brokers, tests) |
 */
public sealed class ConnectionType {
    /** The default port for this type. */
    public abstract val defaultPort: Int

    /**
     * Mutual TLS with a device certificate. With [alpn] the client offers ALPN `x-amzn-mqtt-ca`, which AWS IoT needs on
     * port 443 (firewall-friendly); without it, port 8883.
     */
    public class MutualTls @JvmOverloads constructor(
        /** The device certificate and private key. */
        public val identity: TlsIdentity,
        /** Offer ALPN `x-amzn-mqtt-ca` (for port 443). */
        public val alpn: Boolean = false,
    ) : ConnectionType() {
        override val defaultPort: Int get() = if (alpn) 443 else 8883
        override fun toString(): String = "MutualTls(alpn=$alpn)"
    }

    /**
     * MQTT over WebSocket, the upgrade URL presigned with SigV4 for `iotdevicegateway` in [region]. Credentials are
     * resolved again and the URL re-signed on every connection attempt.
     */
    public class WebSocketSigV4(
        /** Where credentials come from (refreshed on every reconnect). */
        public val credentials: CredentialsProvider,
        /** The region of the endpoint, used in the credential scope. */
        public val region: String,
    ) : ConnectionType() {
        override val defaultPort: Int get() = 443
        override fun toString(): String = "WebSocketSigV4(region=$region)"
    }

    /**
     * A custom authorizer. The authorizer name, token and signature travel in the CONNECT username's query string
     * (`?x-amz-customauthorizer-name=…&x-amz-customauthorizer-signature=…&<tokenKeyName>=<token>`), exactly as the AWS
     * SDKs build it; [password] is passed through (AWS base64-encodes it for the authorizer). Over TLS on port 443
     * with ALPN `mqtt` by default, or over WebSocket when [overWebSocket].
     */
    public class CustomAuth @JvmOverloads constructor(
        /** The authorizer's name; `null` uses the account's default authorizer. */
        public val authorizerName: String?,
        /** The username to put in front of the query string, if any. */
        public val username: String? = null,
        /** The password, passed as-is. */
        public val password: ByteArray? = null,
        /** The token key name the authorizer expects (signed authorizers). */
        public val tokenKeyName: String? = null,
        /** The token value. */
        public val tokenValue: String? = null,
        /** The token signature (base64 RSA-SHA256); URL-encoded by the SDK unless it already contains `%`. */
        public val tokenSignature: String? = null,
        /** Connect over WebSocket instead of TLS with ALPN `mqtt`. */
        public val overWebSocket: Boolean = false,
    ) : ConnectionType() {
        override val defaultPort: Int get() = 443
        override fun toString(): String = "CustomAuth(authorizer=$authorizerName, overWebSocket=$overWebSocket)"
    }

    /**
     * Plain TCP, optionally with server-authenticated TLS ([tls]) and an optional client certificate ([identity]).
     * For brokers other than AWS IoT and for tests; AWS IoT itself needs one of the other types.
     */
    public class Tcp @JvmOverloads constructor(
        /** Use TLS (server authenticated by the configured trust). */
        public val tls: Boolean = false,
        /** A client certificate to present when [tls] is on. */
        public val identity: TlsIdentity? = null,
    ) : ConnectionType() {
        override val defaultPort: Int get() = if (tls) 8883 else 1883
        override fun toString(): String = "Tcp(tls=$tls, clientCertificate=${identity != null})"
    }
}
