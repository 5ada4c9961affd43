package dev.iotsdk.common.internal.http

import dev.iotsdk.common.InternalIotSdkApi
import javax.net.ssl.SSLContext
import javax.net.ssl.X509TrustManager
import kotlin.time.Duration

/**
 * What [HttpClients] needs to build an HTTPS client, whatever the engine.
 *
 * ```kotlin
 * val settings = HttpClientSettings(
 *     sslContext = TlsContexts.sslContext(identity, trust),
 *     trustManager = trust.trustManager(),
 *     connectTimeout = 10.seconds,
 *     socketTimeout = 30.seconds,
 * )
 * ```
 */
@InternalIotSdkApi
public class HttpClientSettings(
    /** TLS: the protocols, the client certificate for mutual TLS (if any) and the trusted CAs. */
    public val sslContext: SSLContext,
    /** The trust manager inside [sslContext] (OkHttp takes it separately, to clean the server's chain). */
    public val trustManager: X509TrustManager,
    /** TCP and TLS connect, the engine's own connect timeout. */
    public val connectTimeout: Duration,
    /** How long one read or write may wait (OkHttp's read and write timeouts; the JDK client has no such setting). */
    public val socketTimeout: Duration,
    /**
     * When set, Ktor's `HttpTimeout` bounds each whole request (with [connectTimeout] and [socketTimeout]) and fails
     * it with an `IOException`; `null` when the caller bounds its calls itself (`withTimeout`).
     */
    public val requestTimeout: Duration? = null,
) {
    init {
        require(connectTimeout.isPositive() && socketTimeout.isPositive() && requestTimeout?.isPositive() != false) {
            "HTTP timeouts must be positive"
        }
    }

    override fun toString(): String =
        "HttpClientSettings(connect=$connectTimeout, socket=$socketTimeout, request=$requestTimeout)"
}
