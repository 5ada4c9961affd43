package dev.iotsdk.greengrass.internal

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.IotSdkException
import dev.iotsdk.common.Jitter
import dev.iotsdk.common.internal.Backoff
import dev.iotsdk.common.internal.DecodeFailures
import dev.iotsdk.common.internal.IotName
import dev.iotsdk.greengrass.CoreConnectOptions
import dev.iotsdk.greengrass.CoreConnection
import dev.iotsdk.greengrass.DiscoveryClientException
import dev.iotsdk.greengrass.DiscoveryDataNotFoundException
import dev.iotsdk.greengrass.DiscoveryInvalidRequestException
import dev.iotsdk.greengrass.DiscoveryResponseException
import dev.iotsdk.greengrass.DiscoveryServiceException
import dev.iotsdk.greengrass.DiscoveryThrottlingException
import dev.iotsdk.greengrass.DiscoveryUnauthorizedException
import dev.iotsdk.greengrass.GreengrassDiscoveryClient
import dev.iotsdk.greengrass.GreengrassDiscoveryClientJava
import dev.iotsdk.greengrass.GreengrassDiscoveryConfig
import dev.iotsdk.model.greengrass.DiscoveryInfo
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.delay
import kotlinx.coroutines.withTimeout
import kotlinx.serialization.SerializationException
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import java.io.IOException
import java.net.ConnectException
import java.util.concurrent.Executor
import java.util.concurrent.atomic.AtomicBoolean
import javax.net.ssl.SSLException
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

@OptIn(InternalIotSdkApi::class)
internal class DefaultGreengrassDiscoveryClient(override val config: GreengrassDiscoveryConfig) :
    GreengrassDiscoveryClient {
    private val http = DiscoveryHttp(config)
    private val closed = AtomicBoolean(false)
    private val where = "${config.endpoint}:${config.port}"

    override suspend fun discover(thingName: String): DiscoveryInfo {
        IotName.THING.invalidReason(thingName)?.let { throw DiscoveryClientException(it) }
        if (closed.get()) throw DiscoveryClientException("The discovery client is closed; create a new one")
        // equal jitter: at least half of each exponential delay, so throttled devices do spread out but never hurry
        val backoff = Backoff(config.retryBaseDelay, config.retryMaxDelay, Jitter.FULL, fullJitterFloor = 0.5)
        while (true) {
            val response = exchange("/greengrass/discover/thing/$thingName")
            if (response.status == HTTP_OK) return parse(response)
            val error = errorOf(response, thingName)
            if (error !is DiscoveryThrottlingException || backoff.attempt >= config.throttleRetries) throw error
            // the server's Retry-After, when it sent one, is a floor; retryMaxDelay stays the cap
            val hinted = response.retryAfterSeconds?.seconds ?: Duration.ZERO
            delay(maxOf(backoff.next(), hinted).coerceAtMost(config.retryMaxDelay))
        }
    }

    private suspend fun exchange(path: String): DiscoveryHttpResponse = try {
        withTimeout(config.timeout) { http.get(path) }
    } catch (e: TimeoutCancellationException) {
        throw DiscoveryClientException(
            "Greengrass discovery at $where timed out after ${config.timeout}",
            e,
            isRetryable = true,
        )
    } catch (e: CancellationException) {
        throw e
    } catch (e: IotSdkException) {
        throw e
    } catch (e: Exception) {
        throw networkError(e)
    }

    private fun networkError(e: Exception): DiscoveryClientException {
        val chain = generateSequence<Throwable>(e) { it.cause }.take(MAX_CAUSES).toList()
        val ssl = chain.firstOrNull { it is SSLException }
        return when {
            ssl != null -> DiscoveryClientException(
                "The TLS handshake with Greengrass discovery at $where failed (${ssl.message}); check the " +
                    "device certificate " +
                    "and key, the trusted CA (AmazonRootCA1 for AWS) and that port ${config.port} matches the " +
                    "ALPN setting",
                e,
            )
            chain.any {
                it is ConnectException
            } -> DiscoveryClientException("Cannot connect to Greengrass discovery at $where: ${e.message}", e, true)
            chain.any { it is IOException } ->
                DiscoveryClientException(
                    "Greengrass discovery at $where failed on the network (${e.message}); the response may be " +
                        "truncated",
                    e,
                    true,
                )
            else -> DiscoveryClientException("Greengrass discovery at $where failed: ${e.message}", e, true)
        }
    }

    private fun parse(response: DiscoveryHttpResponse): DiscoveryInfo {
        val text = response.body.toString(Charsets.UTF_8)
        return try {
            DiscoveryInfo.parse(text)
        } catch (e: SerializationException) {
            throw DiscoveryResponseException(
                "Greengrass discovery at $where answered 200 with a body that is not a discovery response: " +
                    DecodeFailures.describe(e),
            )
        } catch (e: IllegalArgumentException) {
            throw DiscoveryResponseException(
                "Greengrass discovery at $where answered 200 with a malformed body: " + DecodeFailures.describe(e),
            )
        }
    }

    private fun errorOf(response: DiscoveryHttpResponse, thingName: String): DiscoveryServiceException {
        val status = response.status
        val detail = serviceMessage(response.body)?.let { ": $it" } ?: ""
        val code = response.errorType ?: status.toString()
        val id = response.requestId
        return when (status) {
            HTTP_BAD_REQUEST -> DiscoveryInvalidRequestException(
                "Invalid discovery request (HTTP 400)$detail",
                status,
                code,
                id,
            )
            HTTP_UNAUTHORIZED, HTTP_FORBIDDEN -> DiscoveryUnauthorizedException(
                "Discovery request not authorized (HTTP $status)$detail; the device certificate must be ACTIVE " +
                    "and its policy must allow greengrass:Discover on thing $thingName",
                status,
                code,
                id,
            )
            HTTP_NOT_FOUND -> DiscoveryDataNotFoundException(
                "No discovery data found for thing $thingName (HTTP 404)$detail; add the thing to a Greengrass group",
                status,
                code,
                id,
            )
            HTTP_TOO_MANY -> DiscoveryThrottlingException(
                "Too many discovery requests (HTTP 429) after ${config.throttleRetries} retries$detail; try again " +
                    "later",
                status,
                code,
                id,
            )
            else -> DiscoveryServiceException("Greengrass discovery failed with HTTP $status$detail", status, code, id)
        }
    }

    /** The `message` of a JSON error body, shortened; `null` when there is none. */
    private fun serviceMessage(body: ByteArray): String? = try {
        ((Json.parseToJsonElement(body.toString(Charsets.UTF_8)) as? JsonObject)?.get("message") as? JsonPrimitive)
            ?.content?.take(MAX_SHOWN)
    } catch (e: SerializationException) {
        null
    }

    override suspend fun connectToCore(
        discovery: DiscoveryInfo,
        clientId: String,
        options: CoreConnectOptions,
    ): CoreConnection = CoreConnector(config.identity, options).connect(discovery, clientId)

    override fun asJava(executor: Executor?): GreengrassDiscoveryClientJava =
        GreengrassDiscoveryClientJava(this, executor)

    override fun close() {
        if (closed.compareAndSet(false, true)) http.close()
    }

    private companion object {
        const val MAX_SHOWN = 200
        const val MAX_CAUSES = 10
        const val HTTP_OK = 200
        const val HTTP_BAD_REQUEST = 400
        const val HTTP_UNAUTHORIZED = 401
        const val HTTP_FORBIDDEN = 403
        const val HTTP_NOT_FOUND = 404
        const val HTTP_TOO_MANY = 429
    }
}
