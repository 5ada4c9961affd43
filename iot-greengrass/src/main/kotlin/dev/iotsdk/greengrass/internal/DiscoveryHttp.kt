package dev.iotsdk.greengrass.internal

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

/** One HTTP answer: status, the AWS headers we use, and the body (at most the configured bound). */
internal class DiscoveryHttpResponse(
    val status: Int,
    val requestId: String?,
    val errorType: String?,
    val retryAfterSeconds: Long?,
    val body: ByteArray,
)

/**
 * The HTTPS exchange of discovery on the Ktor client, with the engine the configuration chose ([DiscoveryEngines]).
 * Responses are read up to [GreengrassDiscoveryConfig.maxResponseBytes].
 */
internal class DiscoveryHttp(private val config: GreengrassDiscoveryConfig) : AutoCloseable {
    private val client: HttpClient = DiscoveryEngines.create(config)

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
