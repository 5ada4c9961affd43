package dev.iotsdk.greengrass.internal

import dev.iotsdk.auth.TlsContexts
import dev.iotsdk.greengrass.DiscoveryResponseException
import dev.iotsdk.greengrass.GreengrassDiscoveryConfig
import io.ktor.client.HttpClient
import io.ktor.client.engine.java.Java
import io.ktor.client.request.prepareGet
import io.ktor.client.statement.bodyAsChannel
import io.ktor.http.URLProtocol
import io.ktor.http.contentLength
import io.ktor.http.encodedPath
import io.ktor.utils.io.readBuffer
import kotlinx.io.readByteArray
import javax.net.ssl.SSLParameters

/** One HTTP answer: status, the AWS headers we use, and the body (at most the configured bound). */
internal class DiscoveryHttpResponse(
    val status: Int,
    val requestId: String?,
    val errorType: String?,
    val retryAfterSeconds: Long?,
    val body: ByteArray,
)

/**
 * The HTTPS exchange of discovery on the Ktor client's Java engine (the JDK HTTP client, HTTP/1.1). Mutual TLS comes
 * from iot-auth's [TlsContexts]; with [GreengrassDiscoveryConfig.alpn] the context's engines offer ALPN
 * `x-amzn-http-ca` ([AlpnSslContext]: the JDK client drops ALPN from configured SSL parameters). Host name
 * verification is the JDK client's (always on). Ktor's CIO engine has no ALPN and OkHttp only offers its own
 * protocol names, so the Java engine is the one that can reach port 443.
 */
internal class DiscoveryHttp(private val config: GreengrassDiscoveryConfig) : AutoCloseable {
    private val client: HttpClient = HttpClient(Java) {
        expectSuccess = false
        followRedirects = false
        engine {
            protocolVersion = java.net.http.HttpClient.Version.HTTP_1_1
            config {
                val base = TlsContexts.sslContext(config.identity, config.trust)
                val ssl = if (config.alpn) AlpnSslContext(base, arrayOf(GreengrassDiscoveryConfig.ALPN_PROTOCOL)) else base
                sslContext(ssl)
                sslParameters(
                    SSLParameters().apply {
                        protocols = TlsContexts.protocols.filter { it in base.supportedSSLParameters.protocols }.toTypedArray()
                    },
                )
                connectTimeout(java.time.Duration.ofMillis(config.timeout.inWholeMilliseconds))
            }
        }
    }

    /** GETs [path] (already safe: the thing name was validated). */
    suspend fun get(path: String): DiscoveryHttpResponse = client.prepareGet {
        url {
            protocol = URLProtocol.HTTPS
            host = config.endpoint
            port = config.port
            encodedPath = path
        }
    }.execute { response ->
        val max = config.maxResponseBytes
        val declared = response.contentLength()
        if (declared != null && declared > max) {
            throw DiscoveryResponseException("The discovery response declares $declared bytes, over the limit of $max (maxResponseBytes)")
        }
        val body = response.bodyAsChannel().readBuffer(max + 1L).readByteArray()
        if (body.size > max) throw DiscoveryResponseException("The discovery response is larger than $max bytes (maxResponseBytes)")
        if (declared != null && body.size.toLong() != declared) {
            throw DiscoveryResponseException("The discovery response was truncated: ${body.size} of $declared bytes arrived")
        }
        DiscoveryHttpResponse(
            status = response.status.value,
            requestId = response.headers["x-amzn-RequestId"],
            errorType = response.headers["x-amzn-ErrorType"],
            retryAfterSeconds = response.headers["Retry-After"]?.trim()?.toLongOrNull(),
            body = body,
        )
    }

    override fun close() {
        client.close()
    }
}
