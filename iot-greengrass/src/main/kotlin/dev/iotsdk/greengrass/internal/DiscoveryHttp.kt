package dev.iotsdk.greengrass.internal

import dev.iotsdk.auth.TlsContexts
import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.internal.http.HttpClientSettings
import dev.iotsdk.common.internal.http.HttpClients
import dev.iotsdk.greengrass.DiscoveryClientException
import dev.iotsdk.greengrass.DiscoveryResponseException
import dev.iotsdk.greengrass.GreengrassDiscoveryConfig
import io.ktor.client.HttpClient
import io.ktor.client.request.prepareGet
import io.ktor.client.statement.bodyAsChannel
import io.ktor.http.URLProtocol
import io.ktor.http.contentLength
import io.ktor.http.encodedPath
import io.ktor.utils.io.readBuffer
import kotlinx.io.readByteArray
import javax.net.ssl.SSLContext

/** One HTTP answer: status, the AWS headers we use, and the body (at most the configured bound). */
internal class DiscoveryHttpResponse(
    val status: Int,
    val requestId: String?,
    val errorType: String?,
    val retryAfterSeconds: Long?,
    val body: ByteArray,
)

/**
 * The HTTPS exchange of discovery on iot-common's Ktor client ([HttpClients]) with the engine the configuration chose:
 * mutual TLS from iot-auth's [TlsContexts], with [GreengrassDiscoveryConfig.alpn] ALPN `x-amzn-http-ca` offered by the
 * context's engines ([AlpnSslContext]: the JDK client drops ALPN from configured SSL parameters; the configuration
 * allows `alpn` only with the JDK engine), [GreengrassDiscoveryConfig.timeout] as connect and socket timeout (the
 * caller bounds each exchange with it too). A missing engine is a [DiscoveryClientException] naming what to add.
 * Responses are read up to [GreengrassDiscoveryConfig.maxResponseBytes].
 */
@OptIn(InternalIotSdkApi::class)
internal class DiscoveryHttp(private val config: GreengrassDiscoveryConfig) : AutoCloseable {
    private val client: HttpClient = run {
        val unavailable = { message: String, cause: Throwable? -> DiscoveryClientException(message, cause) }
        // before the ALPN context, which only a JDK with java.net.http may build
        HttpClients.requireJavaNetHttp(config.engine, unavailable)
        HttpClients.create(
            config.engine,
            HttpClientSettings(sslContext(), config.trust.trustManager(), config.timeout, config.timeout),
            unavailable,
        )
    }

    private fun sslContext(): SSLContext {
        val base = TlsContexts.sslContext(config.identity, config.trust)
        return if (config.alpn) AlpnSslContext(base, arrayOf(GreengrassDiscoveryConfig.ALPN_PROTOCOL)) else base
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
            throw DiscoveryResponseException(
                "The discovery response declares $declared bytes, over the limit of $max (maxResponseBytes)",
            )
        }
        val body = response.bodyAsChannel().readBuffer(max + 1L).readByteArray()
        if (body.size >
            max
        ) {
            throw DiscoveryResponseException("The discovery response is larger than $max bytes (maxResponseBytes)")
        }
        if (declared != null && body.size.toLong() != declared) {
            throw DiscoveryResponseException(
                "The discovery response was truncated: ${body.size} of $declared bytes arrived",
            )
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
